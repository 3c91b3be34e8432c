"""Qt table models over the store (tested without widgets)."""
