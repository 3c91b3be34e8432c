<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="64" />
        <source>À propos de MEG → Inqom</source>
        <translation>About MEG → Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="71" />
        <source>Version {0}</source>
        <translation>Version {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="75" />
        <source>Récupère les écritures validées dans MEG et leurs pièces, les envoie dans Inqom, tient un grand livre local et exporte le FEC.</source>
        <translation>Fetches the entries validated in MEG with their supporting documents, sends them to Inqom, keeps a local ledger and exports the FEC.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="83" />
        <source>Logiciel libre sous licence MIT.</source>
        <translation>Free software under the MIT licence.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="94" />
        <source>Copier les informations</source>
        <translation>Copy the information</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="98" />
        <source>Ouvrir le dossier des journaux</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/about_dialog.py" line="108" />
        <source>Informations copiées</source>
        <translation>Information copied</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="38" />
        <source>Quand</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="39" />
        <source>Poste</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="40" />
        <source>Personne</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="41" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="42" />
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="43" />
        <source>Détail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="53" />
        <source>Dossier :</source>
        <translation>Dossier:</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="55" />
        <source>Personne :</source>
        <translation>Person:</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="78" />
        <source>Tous les dossiers</source>
        <translation>All dossiers</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="86" />
        <source>Toutes les personnes</source>
        <translation>Everybody</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/audit_view.py" line="103" />
        <source>Actions affichées : {0}</source>
        <translation>Actions shown: {0}</translation>
    </message>
</context>
<context>
    <name>BrowserAuthWidget</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="55" />
        <source>Autoriser l'accès à {0}</source>
        <translation>Authorize access to {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="57" />
        <source>Utiliser un autre compte</source>
        <translation>Use another account</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="58" />
        <source>Ouvrir le navigateur</source>
        <translation>Open the browser</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="59" />
        <source>Copier le lien</source>
        <translation>Copy the link</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="60" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="99" />
        <source>Préparation de l'autorisation…</source>
        <translation>Preparing the authorization…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="108" />
        <source>✓ Autorisation {0} déjà donnée par {1}.</source>
        <translation>✓ {0} authorization already given by {1}.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="115" />
        <source>En attente de votre autorisation dans le navigateur… Si rien ne s'ouvre, cliquez sur « Copier le lien » et collez-le dans votre navigateur.</source>
        <translation>Waiting for your authorization in the browser… If nothing opens, click “Copy the link” and paste it into your browser.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="123" />
        <source>Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien » et collez-le dans votre navigateur. En attente…</source>
        <translation>The browser did not open: click “Copy the link” and paste it into your browser. Waiting…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="130" />
        <source>Autorisation annulée.</source>
        <translation>Authorization cancelled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="142" />
        <source>✓ Accès autorisé ({0}).</source>
        <translation>✓ Access authorized ({0}).</translation>
    </message>
    <message>
        <source>✓ Accès autorisé.</source>
        <translation>✓ Access authorized.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="155" />
        <source>Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien ».</source>
        <translation>The browser did not open: click “Copy the link”.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="160" />
        <source>Lien copié : collez-le dans votre navigateur.</source>
        <translation>Link copied: paste it into your browser.</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="352" />
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="459" />
        <source>Local uniquement (sans Inqom)</source>
        <translation>Local only (no Inqom)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="360" />
        <source>Dossier Inqom</source>
        <translation>Inqom folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="362" />
        <source>Date de début</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="363" />
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="367" />
        <source>Attention : Inqom propose aussi sa propre application MEG (Marketplace Inqom). Si elle est active sur ce dossier en même temps que ce connecteur, chaque écriture arrivera deux fois dans Inqom.</source>
        <translation>Caution: Inqom also offers its own MEG application (Inqom Marketplace). If it is active on this folder together with this connector, every entry will reach Inqom twice.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="374" />
        <source>L'application MEG de la Marketplace Inqom n'est pas active sur ce dossier</source>
        <translation>The Inqom Marketplace MEG application is not active on this folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="378" />
        <source>Connexion</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="448" />
        <source>Choisissez le dossier Inqom…</source>
        <translation>Choose the Inqom folder…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="450" />
        <source>même SIREN et NIC</source>
        <translation>same SIREN and NIC</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="451" />
        <source>même SIREN, autre établissement</source>
        <translation>same SIREN, another establishment</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="454" />
        <source>SIRET non renseigné</source>
        <translation>no SIRET given</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="468" />
        <source>✓ Dossier Inqom trouvé par son SIREN et son NIC.</source>
        <translation>✓ Inqom folder found by its SIREN and NIC.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="471" />
        <source>Ce compte Inqom ne voit aucun dossier : utilisez un autre compte, ou connectez le dossier en local uniquement.</source>
        <translation>This Inqom account sees no folder: use another account, or connect the dossier locally only.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="476" />
        <source>Plusieurs dossiers Inqom portent ce SIRET : choisissez le bon.</source>
        <translation>Several Inqom folders carry this SIRET: choose the right one.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="479" />
        <source>Aucun dossier Inqom ne porte ce SIRET ; ceux de la même société (même SIREN) sont en tête : vérifiez l'établissement avant de choisir.</source>
        <translation>No Inqom folder carries this SIRET; those of the same company (same SIREN) come first: check the establishment before choosing.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="483" />
        <source>Aucun dossier Inqom ne porte ce SIREN : choisissez-le dans la liste (les noms les plus ressemblants d'abord) ou utilisez un autre compte.</source>
        <translation>No Inqom folder carries this SIREN: choose it in the list (the most similar names first) or use another account.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="510" />
        <source>Dossier enregistré. Première synchronisation…</source>
        <translation>Dossier saved. First sync…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="523" />
        <source>Première synchronisation terminée.</source>
        <translation>First sync finished.</translation>
    </message>
</context>
<context>
    <name>ConnectionsPanel</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="35" />
        <source>Connexions</source>
        <translation>Connections</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="38" />
        <source>Lecture du trousseau…</source>
        <translation>Reading the keyring…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="46" />
        <source>Se connecter à {0}</source>
        <translation>Sign in to {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="77" />
        <source>Aucune connexion.</source>
        <translation>No connection.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="82" />
        <source>renouvelée automatiquement</source>
        <translation>renewed automatically</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="86" />
        <source>expirée le {0}</source>
        <translation>expired on {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="88" />
        <source>valable jusqu'au {0}</source>
        <translation>valid until {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="91" />
        <source>{0} dossier(s)</source>
        <translation>{0} dossier(s)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/connections_panel.py" line="93" />
        <source>aucun dossier encore</source>
        <translation>no dossier yet</translation>
    </message>
</context>
<context>
    <name>DossierActions</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="71" />
        <source>Lecture de l'état MEG…</source>
        <translation>Reading MEG's state…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="75" />
        <source>Lecture de l'état MEG : {0} / {1} dossiers…</source>
        <translation>Reading MEG's state: {0} / {1} dossiers…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="91" />
        <source>État MEG lu ; {0} dossier(s) sans réponse de MEG (voir l'infobulle).</source>
        <translation>MEG state read; {0} dossier(s) without an answer from MEG (see the tooltip).</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="95" />
        <source>État MEG lu.</source>
        <translation>MEG state read.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="123" />
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="201" />
        <source>Synchronisation en cours</source>
        <translation>Sync in progress</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="125" />
        <source>Une synchronisation est en cours : attendez sa fin (ou annulez-la), puis relancez « Resynchroniser depuis MEG ».</source>
        <translation>A sync is in progress: wait for it to end (or cancel it), then run “Resync from MEG” again.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="148" />
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="155" />
        <source>Resynchroniser depuis MEG</source>
        <translation>Resync from MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="150" />
        <source>MEG ne reconnaît plus la position de la synchronisation du dossier {0}.

« Resynchroniser depuis MEG » relit toutes ses écritures validées depuis la date de début du dossier : celles déjà reçues sont reconnues, aucune n'est enregistrée ni envoyée à Inqom deux fois.</source>
        <translation>MEG no longer recognises where the synchronisation of dossier {0} stopped.

“Resync from MEG” reads all its validated entries again from the dossier's start date: those already received are recognised, none is stored or sent to Inqom twice.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="156" />
        <source>Plus tard</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="167" />
        <source>Le navigateur ne s'est pas ouvert : {0}</source>
        <translation>The browser did not open: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="171" />
        <source>Inqom ouvert dans le navigateur : dossier « {0} » (n° {1}).</source>
        <translation>Inqom opened in the browser: folder “{0}” (no. {1}).</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="203" />
        <source>Une synchronisation est en cours : attendez sa fin (ou annulez-la) avant de retirer un dossier.</source>
        <translation>A sync is in progress: wait for it to end (or cancel it) before removing a dossier.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_actions.py" line="220" />
        <source>Dossier {0} retiré.</source>
        <translation>Dossier {0} removed.</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="51" />
        <source>Modifier le dossier</source>
        <translation>Edit the dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="57" />
        <source>Tout l'historique de MEG</source>
        <translation>All of MEG's history</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="67" />
        <source>Première date importée de MEG. Une date plus ancienne fait relire MEG depuis le début à la prochaine synchronisation ; une date plus récente garde les écritures déjà importées.</source>
        <translation>First date pulled from MEG. An earlier date makes the next sync read MEG again from the start; a later date keeps the entries already pulled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="78" />
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="145" />
        <source>Local uniquement (sans Inqom)</source>
        <translation>Local only (no Inqom)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="79" />
        <source>Charger les dossiers Inqom</source>
        <translation>Load the Inqom folders</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="86" />
        <source>Les écritures déjà envoyées restent dans le dossier Inqom d'origine ; les suivantes vont dans celui choisi ici.</source>
        <translation>Entries already sent stay in the original Inqom folder; the next ones go to the folder chosen here.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="91" />
        <source>Suspendre la synchronisation de ce dossier</source>
        <translation>Pause this dossier's sync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="98" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="99" />
        <source>Date de début</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="101" />
        <source>Dossier Inqom</source>
        <translation>Inqom folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="107" />
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="108" />
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="204" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="182" />
        <source>Retirer le dossier {0} ?

Seront supprimés de ce poste : {1} écritures ({2} lignes), {3} pièces liées, {4} synchronisations de l'historique et {5} éléments à traiter.

Restent en place : les écritures et pièces dans MEG ; les {6} écritures déjà envoyées dans Inqom ; les autorisations MEG et Inqom ; les fichiers des pièces (ils peuvent servir à d'autres dossiers). Un FEC exporté avant reste valable.</source>
        <translation>Remove the dossier {0}?

Deleted from this workstation: {1} entries ({2} lines), {3} linked documents, {4} syncs of the history and {5} items to handle.

Kept: the entries and documents in MEG; the {6} entries already sent to Inqom; the MEG and Inqom authorizations; the document files (other dossiers may use them). A FEC exported earlier stays valid.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="201" />
        <location filename="../../meg_inqom_desktop/ui/dossier_dialog.py" line="203" />
        <source>Retirer le dossier</source>
        <translation>Remove the dossier</translation>
    </message>
</context>
<context>
    <name>DossiersView</name>
    <message>
        <source>réussie</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <source>partielle</source>
        <translation>partial</translation>
    </message>
    <message>
        <source>échec</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>annulée</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>en cours</source>
        <translation>running</translation>
    </message>
    <message>
        <source>sautée</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="43" />
        <source>aucun</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="52" />
        <source>à jour</source>
        <translation>up to date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="53" />
        <source>{0} ({1} écr.)</source>
        <translation>{0} ({1} entries)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="57" />
        <source>, en cours</source>
        <translation>, in progress</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="69" />
        <source>en pause</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="73" />
        <source>suspendue</source>
        <translation>suspended</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="81" />
        <source>jusqu'au {0}</source>
        <translation>until {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="99" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="104" />
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="109" />
        <source>Validé jusqu'à</source>
        <translation>Validated up to</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="114" />
        <source>Mois suivant</source>
        <translation>Next month</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="119" />
        <source>À importer</source>
        <translation>To pull</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="124" />
        <source>MEG</source>
        <translation>MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="129" />
        <source>Inqom</source>
        <translation>Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="139" />
        <source>Dernière synchro</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="144" />
        <source>Prochaine</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="154" />
        <source>Dernier mois validé (verrouillé) dans MEG</source>
        <translation>Last month validated (locked) in MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="155" />
        <source>Le mois à valider ensuite et le nombre d'écritures qu'il verrouillera</source>
        <translation>The month to validate next and the number of entries it will lock</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="158" />
        <source>Écritures validées dans MEG que le grand livre n'a pas encore reçues</source>
        <translation>Entries validated in MEG that the ledger has not received yet</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="161" />
        <source>Autorisation d'accès à MEG</source>
        <translation>Authorization to access MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="162" />
        <source>Autorisation d'accès à Inqom</source>
        <translation>Authorization to access Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="222" />
        <source>Cliquez sur « Actualiser l'état MEG » pour interroger MEG.</source>
        <translation>Click “Refresh MEG state” to ask MEG.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="226" />
        <source>Écritures validées dans MEG que la prochaine synchronisation importera.</source>
        <translation>Entries validated in MEG that the next sync will pull.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="231" />
        <source>Cliquez sur « Actualiser l'état MEG » pour lire les autorisations.</source>
        <translation>Click “Refresh MEG state” to read the authorizations.</translation>
    </message>
    <message>
        <source>Nouvelles</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/dashboard_model.py" line="134" />
        <source>À traiter</source>
        <translation>To handle</translation>
    </message>
    <message>
        <source>suspendu</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="49" />
        <source>Filtrer les dossiers (nom, SIRET, état…)</source>
        <translation>Filter the dossiers (name, SIRET, state…)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="153" />
        <source>Synchroniser</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="154" />
        <source>Resynchroniser depuis MEG</source>
        <translation>Resync from MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="155" />
        <source>Valider la période suivante…</source>
        <translation>Validate the next period…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="157" />
        <source>Ouvrir dans Inqom</source>
        <translation>Open in Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="163" />
        <source>Importer un FEC…</source>
        <translation>Import a FEC…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="165" />
        <source>Modifier…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="168" />
        <source>Suspendre la synchronisation</source>
        <translation>Pause the sync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="170" />
        <source>Reprendre la synchronisation</source>
        <translation>Resume the sync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="171" />
        <source>Retirer…</source>
        <translation>Remove…</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="74" />
        <source>Erreur inattendue</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="84" />
        <source>L'application a rencontré une erreur inattendue.</source>
        <translation>The application met an unexpected error.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="88" />
        <source>Les écritures et les pièces déjà enregistrées ne sont pas touchées. Vous pouvez continuer ou redémarrer l'application. Si l'erreur revient, copiez le rapport et envoyez-le au support : il ne contient ni mot de passe ni jeton, seulement les versions, le système, les SIRET des dossiers et les dernières lignes du journal.</source>
        <translation>Entries and documents already stored are untouched. You may continue or restart the application. If the error comes back, copy the report and send it to support: it holds no password and no token, only versions, the system, the dossiers' SIRETs and the last lines of the log.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="114" />
        <source>Copier le rapport</source>
        <translation>Copy the report</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="116" />
        <source>Afficher le rapport</source>
        <translation>Show the report</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="119" />
        <source>Ouvrir le dossier des journaux</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/error_dialog.py" line="131" />
        <source>Rapport copié</source>
        <translation>Report copied</translation>
    </message>
</context>
<context>
    <name>FecExportDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="44" />
        <source>Exporter le FEC</source>
        <translation>Export the FEC</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="56" />
        <source>Parcourir…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="62" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="63" />
        <source>Clôture de l'exercice</source>
        <translation>Fiscal year end</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="64" />
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="75" />
        <source>Dossier de destination</source>
        <translation>Destination folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="65" />
        <source>Exporter</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="89" />
        <source>Export en cours…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="110" />
        <source>Fichier : {0}</source>
        <translation>File: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="111" />
        <source>Lignes : {0} — écritures : {1}</source>
        <translation>Lines: {0} — entries: {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="112" />
        <source>Erreurs : {0} — alertes : {1}</source>
        <translation>Errors: {0} — alerts: {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="116" />
        <source>ligne {0} [{1}] {2}</source>
        <translation>line {0} [{1}] {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="119" />
        <source>✓ Le fichier est conforme (aucune erreur, aucune alerte).</source>
        <translation>✓ The file conforms (no error, no alert).</translation>
    </message>
</context>
<context>
    <name>FecImportDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="64" />
        <source>Importer un FEC</source>
        <translation>Import a FEC</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="67" />
        <source>SIRENFECAAAAMMJJ.txt</source>
        <translation>SIRENFECYYYYMMDD.txt</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="68" />
        <source>Parcourir…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="84" />
        <source>Choisissez un dossier, ou tapez le SIRET d'un nouveau dossier.</source>
        <translation>Choose a dossier, or type the SIRET of a new dossier.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="87" />
        <source>Importer ce qui peut l'être et mettre le reste de côté (import partiel)</source>
        <translation>Import what can be and set the rest aside (partial import)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="91" />
        <source>Sans cette case, l'import est tout ou rien : si une ligne ne peut pas être importée, rien ne l'est.</source>
        <translation>Without this box the import is all or nothing: if one line cannot be imported, nothing is.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="96" />
        <source>Fichier FEC</source>
        <translation>FEC file</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="97" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="99" />
        <source>Contrôler</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="100" />
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="218" />
        <source>Importer</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="103" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="105" />
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="133" />
        <source>Choisir un FEC</source>
        <translation>Choose a FEC</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="136" />
        <source>FEC (*.txt *.TXT *.csv)</source>
        <translation>FEC (*.txt *.TXT *.csv)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="136" />
        <source>Tous les fichiers (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="173" />
        <source>Choisissez un fichier FEC existant.</source>
        <translation>Choose an existing FEC file.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="175" />
        <source>Contrôle de {0}…</source>
        <translation>Checking {0}…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="181" />
        <source>Contrôle annulé.</source>
        <translation>Check cancelled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="202" />
        <source>Une synchronisation est en cours : attendez qu'elle finisse, puis importez.</source>
        <translation>A sync is running: wait for it to finish, then import.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="216" />
        <source>Confirmer l'import</source>
        <translation>Confirm the import</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="217" />
        <source>Importer quand même ?</source>
        <translation>Import anyway?</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="219" />
        <source>Ne pas importer</source>
        <translation>Do not import</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="221" />
        <source>Import abandonné : rien n'a été importé.</source>
        <translation>Import abandoned: nothing was imported.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="223" />
        <source>Import de {0}…</source>
        <translation>Importing {0}…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="278" />
        <source>Fichier : {0}</source>
        <translation>File: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="279" />
        <source>Régime : {0}</source>
        <translation>Regime: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="280" />
        <source>Conforme pour Test Compta Demat (DGFiP) : aucune erreur.</source>
        <translation>Conforming for Test Compta Demat (DGFiP): no error.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="282" />
        <source>Non conforme pour Test Compta Demat (DGFiP) : {0} erreur(s).</source>
        <translation>Not conforming for Test Compta Demat (DGFiP): {0} error(s).</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="285" />
        <source>Lignes : {0} — écritures : {1} — alertes : {2}</source>
        <translation>Lines: {0} — entries: {1} — alerts: {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="291" />
        <source>Regroupement : {0} — {1}</source>
        <translation>Grouping: {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="296" />
        <source>✓ Toutes les écritures peuvent être importées.</source>
        <translation>✓ Every entry can be imported.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="300" />
        <source>✗ {0} ligne(s) illisible(s) et {1} écriture(s) non équilibrée(s) : sans import partiel, rien ne sera importé.</source>
        <translation>✗ {0} unreadable line(s) and {1} unbalanced entrie(s): without a partial import, nothing will be imported.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="308" />
        <source>Autres constats (ils n'empêchent pas l'import) :</source>
        <translation>Other findings (they do not prevent the import):</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="314" />
        <source>  ligne {0} [{1}] {2}</source>
        <translation>  line {0} [{1}] {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="318" />
        <source>  … et {0} autre(s).</source>
        <translation>  … and {0} more.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="324" />
        <source>Ce fichier a déjà été importé dans ce dossier : rien n'a été ajouté.</source>
        <translation>This file was already imported into this dossier: nothing was added.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="329" />
        <source>Rien n'a été importé : {0} ligne(s) illisible(s) et {1} écriture(s) non équilibrée(s). Corrigez le fichier dans le logiciel d'origine, ou cochez l'import partiel pour importer le reste.</source>
        <translation>Nothing was imported: {0} unreadable line(s) and {1} unbalanced entrie(s). Fix the file in the software that wrote it, or tick the partial import to import the rest.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="337" />
        <source>Import terminé : {0} écriture(s) nouvelle(s), {1} déjà présente(s).</source>
        <translation>Import done: {0} new entrie(s), {1} already there.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="340" />
        <source>Lignes : {0} importée(s), {1} mise(s) de côté.</source>
        <translation>Lines: {0} imported, {1} set aside.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="345" />
        <source>Dossier créé.</source>
        <translation>Dossier created.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="349" />
        <source>{0} écriture(s) sans ValidDate : enregistrée(s) comme non validée(s).</source>
        <translation>{0} entrie(s) without ValidDate: stored as not validated.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_import_dialog.py" line="353" />
        <source>Les lignes mises de côté sont dans « À traiter ».</source>
        <translation>The lines set aside are in “To handle”.</translation>
    </message>
</context>
<context>
    <name>FirmActivity</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/firm_activity.py" line="61" />
        <source>Base du cabinet injoignable : {0}</source>
        <translation>Firm database unreachable: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/firm_activity.py" line="80" />
        <source>un dossier</source>
        <translation>a dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/firm_activity.py" line="86" />
        <source>{0} synchronise {1} (démarrage)</source>
        <translation>{0} is syncing {1} (starting)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/firm_activity.py" line="92" />
        <source>{0} synchronise {1} : {2}</source>
        <translation>{0} is syncing {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/firm_activity.py" line="100" />
        <source>{0} a fini de synchroniser {1}.</source>
        <translation>{0} finished syncing {1}.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/firm_activity.py" line="102" />
        <source>{0} a synchronisé {1} : {2}, {3} nouvelles écritures, {4} envoyées à Inqom.</source>
        <translation>{0} synced {1}: {2}, {3} new entries, {4} sent to Inqom.</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="42" />
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="46" />
        <source>Déclencheur</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="49" />
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="50" />
        <source>Nouvelles</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="51" />
        <source>Inchangées</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="52" />
        <source>Conflits</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="53" />
        <source>Rejets</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="54" />
        <source>Envoyées</source>
        <translation>Pushed</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="55" />
        <source>Déjà dans Inqom</source>
        <translation>Already in Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="56" />
        <source>Pièces reçues</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="58" />
        <source>Pièces envoyées</source>
        <translation>Documents sent</translation>
    </message>
    <message>
        <source>Pièces</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="61" />
        <source>Erreur</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="75" />
        <source>Synchronisations</source>
        <translation>Syncs</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="76" />
        <source>Qui a fait quoi</source>
        <translation>Who did what</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="89" />
        <source>Écritures par mois et par journal</source>
        <translation>Entries per month and journal</translation>
    </message>
</context>
<context>
    <name>InvoicePanel</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="134" />
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="135" />
        <source>N° TVA</source>
        <translation>VAT number</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="136" />
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="137" />
        <source>Total HT</source>
        <translation>Total without VAT</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="138" />
        <source>Total TVA</source>
        <translation>Total VAT</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="139" />
        <source>Total TTC</source>
        <translation>Total with VAT</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="140" />
        <source>Acompte versé</source>
        <translation>Prepaid</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="141" />
        <source>Net à payer</source>
        <translation>Amount due</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="142" />
        <source>Échéance</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="143" />
        <source>Devise</source>
        <translation>Currency</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="166" />
        <source>Vendeur</source>
        <translation>Seller</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="167" />
        <source>Acheteur</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="179" />
        <source>Lignes</source>
        <translation>Lines</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="182" />
        <source>Désignation</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="182" />
        <source>Qté</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="182" />
        <source>Montant HT</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="182" />
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="190" />
        <source>TVA</source>
        <translation>VAT</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="187" />
        <source>TVA par taux</source>
        <translation>VAT by rate</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="190" />
        <source>Catégorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="190" />
        <source>Taux</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="190" />
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="195" />
        <source>Totaux</source>
        <translation>Totals</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="14" />
        <source>réussie</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="15" />
        <source>partielle</source>
        <translation>partial</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="16" />
        <source>échec</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="17" />
        <source>annulée</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="18" />
        <source>en cours</source>
        <translation>running</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="19" />
        <source>sautée</source>
        <translation>skipped</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="20" />
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="24" />
        <source>créneau</source>
        <translation>slot</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="25" />
        <source>rattrapage</source>
        <translation>catch-up</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="26" />
        <source>manuelle</source>
        <translation>manual</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="27" />
        <source>ligne de commande</source>
        <translation>command line</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="28" />
        <source>mise en service</source>
        <translation>setup</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="29" />
        <source>reprise</source>
        <translation>recovery</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="30" />
        <source>resynchronisation</source>
        <translation>resync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="34" />
        <source>valide</source>
        <translation>valid</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="35" />
        <source>absente</source>
        <translation>missing</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="36" />
        <source>à renouveler</source>
        <translation>to renew</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="37" />
        <source>sans objet</source>
        <translation>not used</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="38" />
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="42" />
        <source>janvier</source>
        <translation>January</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="43" />
        <source>février</source>
        <translation>February</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="44" />
        <source>mars</source>
        <translation>March</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="45" />
        <source>avril</source>
        <translation>April</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="46" />
        <source>mai</source>
        <translation>May</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="47" />
        <source>juin</source>
        <translation>June</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="48" />
        <source>juillet</source>
        <translation>July</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="49" />
        <source>août</source>
        <translation>August</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="50" />
        <source>septembre</source>
        <translation>September</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="51" />
        <source>octobre</source>
        <translation>October</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="52" />
        <source>novembre</source>
        <translation>November</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/labels.py" line="53" />
        <source>décembre</source>
        <translation>December</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="158" />
        <source>Total compte {0}</source>
        <translation>Total account {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="202" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="226" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="203" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="227" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="204" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="228" />
        <source>Pièce</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="205" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="225" />
        <source>Compte</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="206" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="229" />
        <source>Libellé</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="207" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="230" />
        <source>Débit</source>
        <translation>Debit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="208" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="231" />
        <source>Crédit</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="209" />
        <source>Provenance</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="232" />
        <source>Solde</source>
        <translation>Balance</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="117" />
        <source>Période</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="126" />
        <source>Compte (début)</source>
        <translation>Account (prefix)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="129" />
        <source>Rechercher un libellé ou une pièce</source>
        <translation>Search a label or a document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="132" />
        <source>Provenance</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="133" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="169" />
        <source>Copier</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="170" />
        <source>Exporter en CSV…</source>
        <translation>Export as CSV…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="210" />
        <source>Toutes</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="210" />
        <source>Tous</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="256" />
        <source>Calcul des totaux…</source>
        <translation>Computing totals…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="272" />
        <source>{0} lignes — Débit {1} — Crédit {2} — Solde {3}</source>
        <translation>{0} lines — Debit {1} — Credit {2} — Balance {3}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="302" />
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="321" />
        <source>Exporter en CSV</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="304" />
        <source>Fichiers CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="319" />
        <source>Export CSV de {0}…</source>
        <translation>CSV export of {0}…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="319" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="336" />
        <source>Export CSV annulé : aucun fichier écrit.</source>
        <translation>CSV export cancelled: no file written.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="347" />
        <source>{0} lignes exportées dans {1}.</source>
        <translation>{0} lines exported to {1}.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="79" />
        <source>MEG → Inqom</source>
        <translation>MEG → Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="83" />
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="85" />
        <source>Synchronise tous les dossiers actifs.</source>
        <translation>Syncs every active dossier.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="86" />
        <source>Valider la période suivante…</source>
        <translation>Validate the next period…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="89" />
        <source>Pour les dossiers sélectionnés : le mois suivant dans MEG, à verrouiller.</source>
        <translation>For the selected dossiers: the next month in MEG, to lock.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="91" />
        <source>Actualiser l'état MEG</source>
        <translation>Refresh MEG state</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="93" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="109" />
        <source>Dossiers</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="124" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="125" />
        <source>Grand livre</source>
        <translation>General ledger</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="126" />
        <source>À traiter</source>
        <translation>To handle</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="127" />
        <source>Historique</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="145" />
        <source>Prêt.</source>
        <translation>Ready.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="148" />
        <source>Base du cabinet : {0}</source>
        <translation>Firm database: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="154" />
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="156" />
        <source>Ajouter un dossier…</source>
        <translation>Add a dossier…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="157" />
        <source>Importer un FEC…</source>
        <translation>Import a FEC…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="158" />
        <source>Exporter le FEC…</source>
        <translation>Export the FEC…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="159" />
        <source>Paramètres…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="161" />
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="170" />
        <source>&amp;Dossier</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="172" />
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="173" />
        <source>À propos</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="306" />
        <source>Synchronisation en cours…</source>
        <translation>Sync in progress…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="318" />
        <source>Synchronisation non lancée.</source>
        <translation>Sync not started.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="324" />
        <source>Synchronisation annulée.</source>
        <translation>Sync cancelled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="348" />
        <source>Synchronisation : erreurs à traiter</source>
        <translation>Sync: errors to handle</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="350" />
        <source>Synchronisation terminée</source>
        <translation>Sync finished</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="365" />
        <source>, processus {0}</source>
        <translation>, process {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="368" />
        <source>Synchronisation impossible depuis cette fenêtre : un autre processus (par exemple « meg-inqom serve »{0}) synchronise déjà ce dossier de données. Le journal, le grand livre et l'historique restent consultables. Pour synchroniser ici, arrêtez l'autre processus ou attendez qu'il se termine, puis cliquez sur « Synchroniser maintenant ».</source>
        <translation>Cannot sync from this window: another process (for example “meg-inqom serve”{0}) is already syncing this data folder. The journal, the general ledger and the history can still be viewed. To sync here, stop the other process or wait until it ends, then click “Sync now”.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="385" />
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="406" />
        <source>Écriture remplacée dans le grand livre local. Attention : elle avait déjà été envoyée à Inqom, qui garde l'ancienne version (les mises à jour ne sont pas envoyées). Corrigez-la dans Inqom si nécessaire.</source>
        <translation>Entry replaced in the local ledger. Warning: it had already been sent to Inqom, which keeps the old version (updates are not sent). Correct it in Inqom if needed.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="411" />
        <source>Écriture remplacée par la nouvelle version venue de MEG.</source>
        <translation>Entry replaced by the new version from MEG.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="413" />
        <source>Version enregistrée conservée ; la nouvelle version est écartée.</source>
        <translation>Stored version kept; the new version is discarded.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="430" />
        <source>Aucune pièce pour cette écriture.</source>
        <translation>No document for this entry.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="510" />
        <source>Synchronisation en cours</source>
        <translation>Sync in progress</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="512" />
        <source>Une synchronisation est en cours. Quitter l'arrête proprement : ce qui est déjà importé est conservé et la prochaine synchronisation reprendra là où celle-ci s'est arrêtée.</source>
        <translation>A sync is in progress. Quitting stops it cleanly: what is already pulled is kept and the next sync resumes where this one stopped.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="516" />
        <source>Arrêter et quitter</source>
        <translation>Stop and quit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="517" />
        <source>Continuer la synchronisation</source>
        <translation>Go on syncing</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="521" />
        <source>Arrêt de la synchronisation…</source>
        <translation>Stopping the sync…</translation>
    </message>
</context>
<context>
    <name>MegPage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="33" />
        <source>Vérifiez le SIRET saisi, et que la société existe bien dans votre espace MEG avec ce SIRET (fiche société).</source>
        <translation>Check the SIRET you typed, and that the company exists in your MEG space with this SIRET (company record).</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="38" />
        <source>Dans MEG : menu Supervision, cliquez sur le crayon de la société, cochez « Accès aux modules MEG Premium », puis enregistrez.</source>
        <translation>In MEG: Supervision menu, click the company's pencil, tick “Accès aux modules MEG Premium”, then save.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="43" />
        <source>Dans MEG : cliquez sur l'engrenage, ouvrez « Cabinets/Sites », activez « Connexion avec votre logiciel de production », puis enregistrez.</source>
        <translation>In MEG: click the gear, open “Cabinets/Sites”, turn on “Connexion avec votre logiciel de production”, then save.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="154" />
        <source>14 chiffres, par exemple 732 829 320 00074</source>
        <translation>14 digits, for example 732 829 320 00074</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="158" />
        <source>SIRET de la société</source>
        <translation>Company SIRET</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="162" />
        <source>Choisir une société de démonstration…</source>
        <translation>Choose a demo company…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="166" />
        <source>Bac à sable</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="174" />
        <source>Vérifications</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="179" />
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="210" />
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="252" />
        <source>Société trouvée dans MEG</source>
        <translation>Company found in MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="180" />
        <source>Licence premium active</source>
        <translation>Premium licence active</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="184" />
        <source>« Connexion avec votre logiciel de production » activée</source>
        <translation>“Connexion avec votre logiciel de production” turned on</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="189" />
        <source>Revérifier</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="250" />
        <source>Société trouvée dans MEG : {0}</source>
        <translation>Company found in MEG: {0}</translation>
    </message>
</context>
<context>
    <name>PieceViewer</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="90" />
        <source>Pièce justificative</source>
        <translation>Supporting document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="97" />
        <source>Ouvrir avec l'application par défaut</source>
        <translation>Open with the default application</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="126" />
        <source>Aucune pièce pour cette écriture.</source>
        <translation>No document for this entry.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="137" />
        <source>Chargement…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="141" />
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="148" />
        <source>Impossible d'afficher la pièce : {0}</source>
        <translation>Cannot show the document: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="161" />
        <source>{0} — 1 page</source>
        <translation>{0} — 1 page</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="163" />
        <source>{0} — {1} pages</source>
        <translation>{0} — {1} pages</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="179" />
        <source>Pièce non ouverte : {0}</source>
        <translation>Document not opened: {0}</translation>
    </message>
    <message>
        <source>{0} — {1} page(s)</source>
        <translation>{0} — {1} page(s)</translation>
    </message>
</context>
<context>
    <name>PrerequisitesPage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="98" />
        <source>Pour relier une société de MEG à Inqom, il vous faut :

• une licence MEG Premium active pour la société ;
• le SIRET de la société (14 chiffres) ;
• un accès à MEG (compte cabinet) et un accès à Inqom ;
• un navigateur sur ce poste pour autoriser l'accès.

L'assistant vous guide en trois étapes : configurer MEG, valider les écritures, puis connecter le dossier.</source>
        <translation>To link a MEG company to Inqom you need:

• an active MEG Premium licence for the company;
• the company's SIRET (14 digits);
• access to MEG (firm account) and access to Inqom;
• a browser on this computer to authorize access.

The wizard guides you through three steps: configure MEG, validate the entries, then connect the dossier.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="108" />
        <source>J'ai ces prérequis</source>
        <translation>I have these prerequisites</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="19" />
        <source>Préparation</source>
        <translation>Preparing</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="20" />
        <source>Reprise des écritures mises de côté</source>
        <translation>Retrying the entries set aside</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="21" />
        <source>Import MEG</source>
        <translation>MEG import</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="22" />
        <source>Pièces</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="23" />
        <source>Envoi vers Inqom</source>
        <translation>Sending to Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="24" />
        <source>Envoi des pièces vers Inqom</source>
        <translation>Sending the documents to Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="25" />
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="43" />
        <source>{0} pièces sur {1}</source>
        <translation>{0} documents of {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="47" />
        <source>{0} écritures sur {1}</source>
        <translation>{0} entries of {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/progress.py" line="51" />
        <source>{0} écritures, {1} pièces</source>
        <translation>{0} entries, {1} documents</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="49" />
        <source>Paramètres</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="54" />
        <source>Heures de Paris, séparées par des virgules (ex. 10:00, 14:00)</source>
        <translation>Paris times, separated by commas (e.g. 10:00, 14:00)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="58" />
        <source>Aucune</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="59" />
        <source>Erreurs seulement</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="60" />
        <source>Toutes</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="65" />
        <source>Proxy du système (ex. http://proxy:3128)</source>
        <translation>System proxy (e.g. http://proxy:3128)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="72" />
        <source>Lancer au démarrage de la session</source>
        <translation>Start when the session opens</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="77" />
        <source>Pour changer de dossier, lancez l'application avec --data-dir DOSSIER.</source>
        <translation>To change folder, start the application with --data-dir FOLDER.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="83" />
        <source>Créneaux de synchronisation</source>
        <translation>Sync slots</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="84" />
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="85" />
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="86" />
        <source>Langue (au prochain démarrage)</source>
        <translation>Language (at next start)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="87" />
        <source>Dossier de données</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="105" />
        <source>Général</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="106" />
        <source>Connexions</source>
        <translation>Connections</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="107" />
        <source>Base du cabinet</source>
        <translation>Firm database</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="119" />
        <source>inchangé (trousseau du système ou .pgpass)</source>
        <translation>unchanged (system keyring or .pgpass)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="120" />
        <source>Tester la connexion</source>
        <translation>Test the connection</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="124" />
        <source>ce poste</source>
        <translation>this workstation</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="129" />
        <source>Vide : le grand livre de ce poste (SQLite). Une adresse PostgreSQL : le grand livre partagé du cabinet, le même sur chaque poste et pour le service de synchronisation. Prend effet au prochain démarrage. En ce moment : {0}.</source>
        <translation>Empty: this workstation's ledger (SQLite). A PostgreSQL address: the firm's shared ledger, the same on every workstation and for the sync service. Takes effect at the next start. Now: {0}.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="135" />
        <source>L'adresse en service vient de --database ou de MEG_INQOM_DATABASE, qui passent avant ce paramètre.</source>
        <translation>The address in use comes from --database or MEG_INQOM_DATABASE, which take precedence over this setting.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="144" />
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="145" />
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="158" />
        <source>Aucune adresse : le grand livre de ce poste.</source>
        <translation>No address: this workstation's ledger.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="163" />
        <source>Connexion en cours…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="178" />
        <source>Application Inqom</source>
        <translation>Inqom application</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="181" />
        <source>Production</source>
        <translation>Production</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="182" />
        <source>Préproduction (staging)</source>
        <translation>Pre-production (staging)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="187" />
        <source>inchangé (gardé dans le trousseau)</source>
        <translation>unchanged (kept in the keyring)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="196" />
        <source>Défini par : {0}</source>
        <translation>Set by: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="197" />
        <source>Environnement</source>
        <translation>Environment</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="198" />
        <source>Identifiant client</source>
        <translation>Client id</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="199" />
        <source>Secret client</source>
        <translation>Client secret</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="253" />
        <source>Démarrage avec la session : {0}</source>
        <translation>Start with the session: {0}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="74" />
        <source>Assistant de connexion MEG → Inqom</source>
        <translation>MEG → Inqom connection wizard</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="82" />
        <source>Précédent</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="83" />
        <source>Passer cette étape</source>
        <translation>Skip this step</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="84" />
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="138" />
        <source>Suivant</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="86" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="132" />
        <source>{0} — {1} sur {2}</source>
        <translation>{0} — {1} of {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="138" />
        <source>Terminer</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="192" />
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>TodoView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="50" />
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="185" />
        <source>Rejet</source>
        <translation>Rejection</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="180" />
        <source>Conflit</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="51" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="52" />
        <source>Élément</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="53" />
        <source>Raison</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="54" />
        <source>Sur la facture</source>
        <translation>On the invoice</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="55" />
        <source>Dans l'écriture</source>
        <translation>In the entry</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="56" />
        <source>Vu le</source>
        <translation>Seen on</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="57" />
        <source>Essais</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="73" />
        <source>Réessayer</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="75" />
        <source>Garder la version enregistrée</source>
        <translation>Keep the stored version</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="79" />
        <source>L'écriture du grand livre reste telle quelle ; la nouvelle version est écartée.</source>
        <translation>The ledger entry stays as it is; the new version is discarded.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="83" />
        <source>Remplacer par la nouvelle version</source>
        <translation>Replace with the new version</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="87" />
        <source>L'écriture du grand livre est remplacée par la version venue de MEG. Une écriture déjà envoyée à Inqom n'y est pas mise à jour.</source>
        <translation>The ledger entry is replaced by the version from MEG. An entry already sent to Inqom is not updated there.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="116" />
        <source>Adopter l'écriture Inqom</source>
        <translation>Adopt the Inqom entry</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="118" />
        <source>C'est la même écriture : elle est reliée à celle d'Inqom, rien n'est envoyé.</source>
        <translation>It is the same entry: it is linked to Inqom's, nothing is sent.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="122" />
        <source>Envoyer l'écriture MEG</source>
        <translation>Send the MEG entry</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="123" />
        <source>Ce sont deux écritures différentes : celle de MEG est envoyée.</source>
        <translation>They are two different entries: MEG's is sent.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="126" />
        <source>Reposter</source>
        <translation>Post again</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="127" />
        <source>L'écriture supprimée dans Inqom y est envoyée de nouveau.</source>
        <translation>The entry deleted in Inqom is sent there again.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="130" />
        <source>Ignorer</source>
        <translation>Ignore</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="131" />
        <source>L'écriture reste hors d'Inqom ; elle ne sera plus proposée.</source>
        <translation>The entry stays out of Inqom; it will not be offered again.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="134" />
        <source>Garder la version Inqom</source>
        <translation>Keep Inqom's version</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="135" />
        <source>La modification faite dans Inqom est gardée et n'est plus signalée.</source>
        <translation>The change made in Inqom is kept and no longer reported.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="138" />
        <source>Renvoyer celle de MEG</source>
        <translation>Send MEG's again</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="139" />
        <source>La version de MEG remplace celle d'Inqom.</source>
        <translation>MEG's version replaces Inqom's.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="166" />
        <source>Écriture reliée à celle d'Inqom : elle ne sera pas envoyée.</source>
        <translation>Entry linked to Inqom's: it will not be sent.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="167" />
        <source>L'écriture MEG va être envoyée à Inqom.</source>
        <translation>The MEG entry is about to be sent to Inqom.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="168" />
        <source>L'écriture va être envoyée de nouveau à Inqom.</source>
        <translation>The entry is about to be sent to Inqom again.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="169" />
        <source>L'écriture reste hors d'Inqom.</source>
        <translation>The entry stays out of Inqom.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="170" />
        <source>La version d'Inqom est gardée.</source>
        <translation>Inqom's version is kept.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="171" />
        <source>La version de MEG va être remise dans Inqom.</source>
        <translation>MEG's version is about to be put back into Inqom.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="182" />
        <source>Inqom</source>
        <translation>Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="184" />
        <source>Facture à vérifier</source>
        <translation>Invoice to check</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="192" />
        <source>Rien à traiter.</source>
        <translation>Nothing to handle.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="194" />
        <source>{0} élément(s) à traiter.</source>
        <translation>{0} item(s) to handle.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/tray.py" line="38" />
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/tray.py" line="39" />
        <source>Ouvrir</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/tray.py" line="40" />
        <source>Suspendre</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/tray.py" line="42" />
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>ValidateMonthDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="67" />
        <source>Valider la période suivante</source>
        <translation>Validate the next period</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="77" />
        <source>Pour chaque dossier, le mois qui suit le dernier mois validé dans MEG. Le valider verrouille ses écritures dans MEG, définitivement ; la synchronisation les importe ensuite. Seuls les mois terminés sont proposés.</source>
        <translation>For each dossier, the month after the last month validated in MEG. Validating it locks its entries in MEG for good; the sync then pulls them. Only months that are over are offered.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="131" />
        <source>Le mois en cours est complet : toutes ses écritures sont saisies</source>
        <translation>The current month is complete: all its entries are entered</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="140" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="143" />
        <source>Synchroniser ces dossiers</source>
        <translation>Sync these dossiers</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="146" />
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="224" />
        <source>Verrouiller définitivement</source>
        <translation>Lock for good</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="177" />
        <source> (en cours)</source>
        <translation> (current)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="186" />
        <source>✓ verrouillé : {0} écritures</source>
        <translation>✓ locked: {0} entries</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="191" />
        <source>À jour : aucun mois terminé à valider</source>
        <translation>Up to date: no month over to validate</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="193" />
        <source>Mois en cours : cochez la case ci-dessous s'il est complet</source>
        <translation>Current month: tick the box below if it is complete</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="194" />
        <source>Prêt à verrouiller</source>
        <translation>Ready to lock</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="214" />
        <source>{0} dossier(s) : {1} écritures seront verrouillées dans MEG.</source>
        <translation>{0} dossier(s): {1} entries will be locked in MEG.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="219" />
        <source>Rien à verrouiller.</source>
        <translation>Nothing to lock.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="222" />
        <source>Verrouiller définitivement ({0} écritures)</source>
        <translation>Lock for good ({0} entries)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="236" />
        <source>Totaux par journal — {0}</source>
        <translation>Totals per journal — {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="259" />
        <source>Lecture de MEG…</source>
        <translation>Reading MEG…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="262" />
        <source>Lecture de MEG : {0} / {1}</source>
        <translation>Reading MEG: {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="265" />
        <source>Lecture annulée.</source>
        <translation>Reading cancelled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="294" />
        <source>Verrouillage : {0} / {1}</source>
        <translation>Locking: {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="301" />
        <source>Verrouillage interrompu : les mois déjà verrouillés le restent.</source>
        <translation>Locking stopped: the months already locked stay locked.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="310" />
        <source>{0} mois verrouillé(s), {1} écritures.</source>
        <translation>{0} month(s) locked, {1} entries.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/validate_month_dialog.py" line="315" />
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ValidatePage</name>
    <message>
        <source>Seules les écritures validées dans MEG sont transmises. Choisissez une période, prévisualisez les écritures qu'elle verrouillera, puis validez. Si vos périodes sont déjà validées, passez cette étape.</source>
        <translation>Only entries validated in MEG are transferred. Choose a period, preview the entries it will lock, then validate. If your periods are already validated, skip this step.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="86" />
        <source>Prévisualiser</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Valider</source>
        <translation>Validate</translation>
    </message>
    <message>
        <source>Du</source>
        <translation>From</translation>
    </message>
    <message>
        <source>au</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="68" />
        <source>Seules les écritures validées dans MEG sont transmises. Choisissez des mois terminés, prévisualisez les écritures qu'ils verrouilleront, puis validez. Si vos périodes sont déjà validées, passez cette étape.</source>
        <translation>Only the entries validated in MEG are sent. Choose months that are over, preview the entries they will lock, then validate. If your periods are already validated, skip this step.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="87" />
        <source>Valider…</source>
        <translation>Validate…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="90" />
        <source>Du mois</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="92" />
        <source>au mois</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="99" />
        <source>Le mois en cours est complet : toutes ses écritures sont saisies</source>
        <translation>The current month is complete: all its entries are entered</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="106" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="107" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="108" />
        <source>Pièce</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="109" />
        <source>Libellé</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="111" />
        <source>Débit</source>
        <translation>Debit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="115" />
        <source>Crédit</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="153" />
        <source>Lecture des mois dans MEG…</source>
        <translation>Reading the months in MEG…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="168" />
        <source>Dernier mois validé dans MEG : {0}.</source>
        <translation>Last month validated in MEG: {0}.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="170" />
        <source>Aucun mois n'est encore validé dans MEG.</source>
        <translation>No month is validated in MEG yet.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="190" />
        <source>{0} — {1} écritures</source>
        <translation>{0} — {1} entries</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="193" />
        <source> (en cours)</source>
        <translation> (current)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="201" />
        <source>Aucun mois terminé à valider dans MEG.</source>
        <translation>No month over to validate in MEG.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="237" />
        <source>Le premier mois choisi suit le dernier : inversez-les.</source>
        <translation>The first month chosen comes after the last: swap them.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="254" />
        <source>{0} : {1} écritures, débit {2}, crédit {3}</source>
        <translation>{0}: {1} entries, debit {2}, credit {3}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="265" />
        <source>Mois déjà validés dans MEG : {0}. Choisissez des mois non validés.</source>
        <translation>Months already validated in MEG: {0}. Choose months not validated.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="271" />
        <source>{0} : {1} écritures seront verrouillées.</source>
        <translation>{0}: {1} entries will be locked.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="286" />
        <source>De {0} à {1} ({2} mois)</source>
        <translation>From {0} to {1} ({2} months)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="305" />
        <source>{0} : valider verrouille ces {1} écritures dans MEG, mois entiers. Ce verrouillage est définitif : il ne peut pas être annulé. Continuer ?</source>
        <translation>{0}: validating locks these {1} entries in MEG, whole months. This lock is final: it cannot be undone. Continue?</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="328" />
        <source>✓ {0} validé : {1} écritures verrouillées.</source>
        <translation>✓ {0} validated: {1} entries locked.</translation>
    </message>
    <message>
        <source>{0} : débit {1}, crédit {2}</source>
        <translation>{0}: debit {1}, credit {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="273" />
        <source>Totaux par journal :</source>
        <translation>Totals per journal:</translation>
    </message>
    <message>
        <source>Aucune écriture à valider sur cette période.</source>
        <translation>No entry to validate in this period.</translation>
    </message>
    <message>
        <source>Mois déjà validés dans MEG : {0}.</source>
        <translation>Months already validated in MEG: {0}.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="303" />
        <source>Valider la période</source>
        <translation>Validate the period</translation>
    </message>
    <message>
        <source>Valider du {0} au {1} verrouille ces écritures dans MEG. Ce verrouillage est définitif : il ne peut pas être annulé. Continuer ?</source>
        <translation>Validating from {0} to {1} locks these entries in MEG. The lock is permanent: it cannot be undone. Continue?</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="308" />
        <source>Valider définitivement</source>
        <translation>Validate permanently</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="309" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>✓ Période du {0} au {1} validée : {2} écritures verrouillées.</source>
        <translation>✓ Period from {0} to {1} validated: {2} entries locked.</translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="14" />
        <source>Prérequis</source>
        <translation>Prerequisites</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="15" />
        <source>Étape 1 : configurer MEG</source>
        <translation>Step 1: configure MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="16" />
        <source>Étape 2 : valider les écritures</source>
        <translation>Step 2: validate the entries</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="17" />
        <source>Étape 3 : connexion</source>
        <translation>Step 3: connection</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="21" />
        <source>Confirmez que vous disposez des prérequis.</source>
        <translation>Confirm that you have the prerequisites.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="22" />
        <source>Saisissez le SIRET de la société (14 chiffres).</source>
        <translation>Enter the company's SIRET (14 digits).</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="25" />
        <source>Autorisez l'accès à MEG dans le navigateur.</source>
        <translation>Authorize access to MEG in the browser.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="28" />
        <source>La société n'a pas été trouvée dans MEG.</source>
        <translation>The company was not found in MEG.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="29" />
        <source>La licence premium n'est pas active.</source>
        <translation>The premium licence is not active.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="30" />
        <source>La connexion avec votre logiciel de production est désactivée.</source>
        <translation>The connection with your production software is switched off.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="33" />
        <source>Validez une période, ou passez cette étape si c'est déjà fait.</source>
        <translation>Validate a period, or skip this step if it is already done.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="36" />
        <source>Autorisez l'accès à Inqom, ou choisissez « local uniquement ».</source>
        <translation>Authorize access to Inqom, or choose “local only”.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="39" />
        <source>Choisissez le dossier Inqom.</source>
        <translation>Choose the Inqom folder.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="40" />
        <source>Confirmez que l'application MEG de la Marketplace Inqom n'est pas active sur ce dossier.</source>
        <translation>Confirm that the Inqom Marketplace MEG application is not active on this folder.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="44" />
        <source>Choisissez la date de début.</source>
        <translation>Choose the start date.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/steps.py" line="45" />
        <source>Cliquez sur « Connexion ».</source>
        <translation>Click “Connect”.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/support_menu.py" line="27" />
        <source>Ouvrir le dossier des journaux</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/support_menu.py" line="29" />
        <source>Copier un rapport pour le support</source>
        <translation>Copy a report for support</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/support_menu.py" line="31" />
        <source>Versions, système, SIRET des dossiers et fin du journal ; aucun jeton.</source>
        <translation>Versions, system, dossiers' SIRETs and the end of the log; no token.</translation>
    </message>
</context>
</TS>