"""What a person may decide about an entry when Inqom's side needs one (pure data).

The reason codes of « À traiter » items about Inqom (``Rejection`` of kind ``inqom``) and the
actions each offers; the sync writes the items, the app records the decisions, the window
shows one button per action.
"""

from __future__ import annotations

NEAR = "inqom_near"  # Inqom holds something close: same date and reference, or lines
AMBIGUOUS = "inqom_ambiguous"  # several Inqom entries match
DELETED = "inqom_deleted"  # deleted in Inqom after the post
EDITED = "inqom_edited"  # changed in Inqom after the post
DUPLICATE = "inqom_duplicate"  # twice in Inqom: another writer posted it too

ACTIONS: dict[str, tuple[str, ...]] = {
    NEAR: ("adopt", "post"),
    AMBIGUOUS: ("adopt", "post"),
    DELETED: ("repost", "ignore"),
    EDITED: ("keep_inqom", "resend_meg"),
    DUPLICATE: (),  # a person deletes one copy in Inqom; the item then closes by itself
}
