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
    <name>BrowserAuthWidget</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="43" />
        <source>Autoriser l'accès à {0}</source>
        <translation>Authorize access to {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="44" />
        <source>Ouvrir le navigateur</source>
        <translation>Open the browser</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="45" />
        <source>Copier le lien</source>
        <translation>Copy the link</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="46" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="71" />
        <source>Préparation de l'autorisation…</source>
        <translation>Preparing the authorization…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="77" />
        <source>En attente de votre autorisation dans le navigateur… Si rien ne s'ouvre, cliquez sur « Copier le lien » et collez-le dans votre navigateur.</source>
        <translation>Waiting for your authorization in the browser… If nothing opens, click “Copy the link” and paste it into your browser.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="85" />
        <source>Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien » et collez-le dans votre navigateur. En attente…</source>
        <translation>The browser did not open: click “Copy the link” and paste it into your browser. Waiting…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="92" />
        <source>Autorisation annulée.</source>
        <translation>Authorization cancelled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="104" />
        <source>✓ Accès autorisé.</source>
        <translation>✓ Access authorized.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="111" />
        <source>Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien ».</source>
        <translation>The browser did not open: click “Copy the link”.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/browser_auth.py" line="116" />
        <source>Lien copié : collez-le dans votre navigateur.</source>
        <translation>Link copied: paste it into your browser.</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="239" />
        <source>Étape 3 : connexion</source>
        <translation>Step 3: connection</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="244" />
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="315" />
        <source>Local uniquement (sans Inqom)</source>
        <translation>Local only (no Inqom)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="250" />
        <source>Dossier Inqom</source>
        <translation>Inqom folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="251" />
        <source>Date de début</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="252" />
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="254" />
        <source>Connexion</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="342" />
        <source>Dossier enregistré. Première synchronisation…</source>
        <translation>Dossier saved. First sync…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="355" />
        <source>Première synchronisation terminée.</source>
        <translation>First sync finished.</translation>
    </message>
</context>
<context>
    <name>DossiersView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="17" />
        <source>réussie</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="18" />
        <source>partielle</source>
        <translation>partial</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="19" />
        <source>échec</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="20" />
        <source>annulée</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="21" />
        <source>en cours</source>
        <translation>running</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="22" />
        <source>sautée</source>
        <translation>skipped</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="23" />
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="37" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="38" />
        <source>Dernière synchro</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="39" />
        <source>Prochaine</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="40" />
        <source>Nouvelles</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="41" />
        <source>Rejets</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/dossiers_view.py" line="63" />
        <source>suspendu</source>
        <translation>paused</translation>
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
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="56" />
        <source>Exporter le FEC</source>
        <translation>Export the FEC</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="68" />
        <source>Parcourir…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="74" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="75" />
        <source>Clôture de l'exercice</source>
        <translation>Fiscal year end</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="76" />
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="87" />
        <source>Dossier de destination</source>
        <translation>Destination folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="77" />
        <source>Exporter</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/fec_export_dialog.py" line="101" />
        <source>Export en cours…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="25" />
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="28" />
        <source>Déclencheur</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="30" />
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="35" />
        <source>Nouvelles</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="36" />
        <source>Inchangées</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="37" />
        <source>Conflits</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="38" />
        <source>Rejets</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="39" />
        <source>Envoyées</source>
        <translation>Pushed</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="40" />
        <source>Pièces</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="41" />
        <source>Erreur</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/history_view.py" line="64" />
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
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="165" />
        <source>Vendeur</source>
        <translation>Seller</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="166" />
        <source>Acheteur</source>
        <translation>Buyer</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="178" />
        <source>Lignes</source>
        <translation>Lines</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="181" />
        <source>Désignation</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="181" />
        <source>Qté</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="181" />
        <source>Montant HT</source>
        <translation>Net amount</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="181" />
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="189" />
        <source>TVA</source>
        <translation>VAT</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="186" />
        <source>TVA par taux</source>
        <translation>VAT by rate</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="189" />
        <source>Catégorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="189" />
        <source>Taux</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="189" />
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/invoice_panel.py" line="194" />
        <source>Totaux</source>
        <translation>Totals</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="155" />
        <source>Total compte {0}</source>
        <translation>Total account {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="200" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="220" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="201" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="221" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="202" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="222" />
        <source>Pièce</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="203" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="219" />
        <source>Compte</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="204" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="223" />
        <source>Libellé</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="205" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="224" />
        <source>Débit</source>
        <translation>Debit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="206" />
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="225" />
        <source>Crédit</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="207" />
        <source>Provenance</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/models/ledger_models.py" line="226" />
        <source>Solde</source>
        <translation>Balance</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="75" />
        <source>Période</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="84" />
        <source>Compte (début)</source>
        <translation>Account (prefix)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="87" />
        <source>Rechercher un libellé ou une pièce</source>
        <translation>Search a label or a document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="90" />
        <source>Provenance</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="91" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="127" />
        <source>Copier</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="128" />
        <source>Exporter en CSV…</source>
        <translation>Export as CSV…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="163" />
        <source>Toutes</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="163" />
        <source>Tous</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="201" />
        <source>Calcul des totaux…</source>
        <translation>Computing totals…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="215" />
        <source>{0} lignes — Débit {1} — Crédit {2} — Solde {3}</source>
        <translation>{0} lines — Debit {1} — Credit {2} — Balance {3}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="245" />
        <source>Exporter en CSV</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/ledger_view.py" line="247" />
        <source>Fichiers CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="64" />
        <source>MEG → Inqom</source>
        <translation>MEG → Inqom</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="68" />
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="70" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="85" />
        <source>Dossiers</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="98" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="99" />
        <source>Grand livre</source>
        <translation>General ledger</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="100" />
        <source>À traiter</source>
        <translation>To handle</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="101" />
        <source>Historique</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="119" />
        <source>Prêt.</source>
        <translation>Ready.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="122" />
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="124" />
        <source>Ajouter un dossier…</source>
        <translation>Add a dossier…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="125" />
        <source>Exporter le FEC…</source>
        <translation>Export the FEC…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="126" />
        <source>Paramètres…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="128" />
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="137" />
        <source>&amp;Aide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="138" />
        <source>À propos</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="193" />
        <source>Synchronisation en cours…</source>
        <translation>Sync in progress…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="201" />
        <source>Synchronisation non lancée.</source>
        <translation>Sync not started.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="207" />
        <source>Synchronisation annulée.</source>
        <translation>Sync cancelled.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="230" />
        <source>Synchronisation : erreurs à traiter</source>
        <translation>Sync: errors to handle</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="232" />
        <source>Synchronisation terminée</source>
        <translation>Sync finished</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="245" />
        <source>, processus {0}</source>
        <translation>, process {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="248" />
        <source>Synchronisation impossible depuis cette fenêtre : un autre processus (par exemple « meg-inqom serve »{0}) synchronise déjà ce dossier de données. Le journal, le grand livre et l'historique restent consultables. Pour synchroniser ici, arrêtez l'autre processus ou attendez qu'il se termine, puis cliquez sur « Synchroniser maintenant ».</source>
        <translation>Cannot sync from this window: another process (for example “meg-inqom serve”{0}) is already syncing this data folder. The journal, the general ledger and the history can still be viewed. To sync here, stop the other process or wait until it ends, then click “Sync now”.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="260" />
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="280" />
        <source>Écriture remplacée dans le grand livre local. Attention : elle avait déjà été envoyée à Inqom, qui garde l'ancienne version (les mises à jour ne sont pas envoyées). Corrigez-la dans Inqom si nécessaire.</source>
        <translation>Entry replaced in the local ledger. Warning: it had already been sent to Inqom, which keeps the old version (updates are not sent). Correct it in Inqom if needed.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="285" />
        <source>Écriture remplacée par la nouvelle version venue de MEG.</source>
        <translation>Entry replaced by the new version from MEG.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/main_window.py" line="287" />
        <source>Version enregistrée conservée ; la nouvelle version est écartée.</source>
        <translation>Stored version kept; the new version is discarded.</translation>
    </message>
</context>
<context>
    <name>MegPage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="27" />
        <source>Vérifiez le SIRET saisi, et que la société existe bien dans votre espace MEG avec ce SIRET (fiche société).</source>
        <translation>Check the SIRET you typed, and that the company exists in your MEG space with this SIRET (company record).</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="32" />
        <source>Dans MEG : menu Supervision, cliquez sur le crayon de la société, cochez « Accès aux modules MEG Premium », puis enregistrez.</source>
        <translation>In MEG: Supervision menu, click the company's pencil, tick “Accès aux modules MEG Premium”, then save.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="37" />
        <source>Dans MEG : cliquez sur l'engrenage, ouvrez « Cabinets/Sites », activez « Connexion avec votre logiciel de production », puis enregistrez.</source>
        <translation>In MEG: click the gear, open “Cabinets/Sites”, turn on “Connexion avec votre logiciel de production”, then save.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="141" />
        <source>Étape 1 : configurer MEG</source>
        <translation>Step 1: configure MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="148" />
        <source>SIRET de la société</source>
        <translation>Company SIRET</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="154" />
        <source>Vérifications</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="160" />
        <source>Société trouvée dans MEG</source>
        <translation>Company found in MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="161" />
        <source>Licence premium active</source>
        <translation>Premium licence active</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="165" />
        <source>« Connexion avec votre logiciel de production » activée</source>
        <translation>“Connexion avec votre logiciel de production” turned on</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="170" />
        <source>Revérifier</source>
        <translation>Check again</translation>
    </message>
</context>
<context>
    <name>PieceViewer</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="84" />
        <source>Pièce justificative</source>
        <translation>Supporting document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="91" />
        <source>Ouvrir avec l'application par défaut</source>
        <translation>Open with the default application</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="120" />
        <source>Aucune pièce pour cette écriture.</source>
        <translation>No document for this entry.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="131" />
        <source>Chargement…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="135" />
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="142" />
        <source>Impossible d'afficher la pièce : {0}</source>
        <translation>Cannot show the document: {0}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/piece_viewer.py" line="153" />
        <source>{0} — {1} page(s)</source>
        <translation>{0} — {1} page(s)</translation>
    </message>
</context>
<context>
    <name>PrerequisitesPage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="86" />
        <source>Prérequis</source>
        <translation>Prerequisites</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="89" />
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
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_meg.py" line="99" />
        <source>J'ai ces prérequis</source>
        <translation>I have these prerequisites</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="32" />
        <source>Paramètres</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="37" />
        <source>Heures de Paris, séparées par des virgules (ex. 10:00, 14:00)</source>
        <translation>Paris times, separated by commas (e.g. 10:00, 14:00)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="41" />
        <source>Aucune</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="42" />
        <source>Erreurs seulement</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="43" />
        <source>Toutes</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="48" />
        <source>Proxy du système (ex. http://proxy:3128)</source>
        <translation>System proxy (e.g. http://proxy:3128)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="53" />
        <source>Lancer au démarrage de la session</source>
        <translation>Start when the session opens</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="58" />
        <source>Pour changer de dossier, lancez l'application avec --data-dir DOSSIER.</source>
        <translation>To change folder, start the application with --data-dir FOLDER.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="64" />
        <source>Créneaux de synchronisation</source>
        <translation>Sync slots</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="65" />
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="66" />
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="67" />
        <source>Langue (au prochain démarrage)</source>
        <translation>Language (at next start)</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="68" />
        <source>Dossier de données</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/settings_dialog.py" line="103" />
        <source>Démarrage avec la session : {0}</source>
        <translation>Start with the session: {0}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="23" />
        <source>Prérequis</source>
        <translation>Prerequisites</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="24" />
        <source>Étape 1 : configurer MEG</source>
        <translation>Step 1: configure MEG</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="25" />
        <source>Étape 2 : valider les écritures</source>
        <translation>Step 2: validate the entries</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="26" />
        <source>Étape 3 : connexion</source>
        <translation>Step 3: connection</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="38" />
        <source>Assistant de connexion MEG → Inqom</source>
        <translation>MEG → Inqom connection wizard</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="58" />
        <source>Précédent</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="59" />
        <source>Passer cette étape</source>
        <translation>Skip this step</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="60" />
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="109" />
        <source>Suivant</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="103" />
        <source>{0} — {1} sur {2}</source>
        <translation>{0} — {1} of {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/wizard.py" line="109" />
        <source>Terminer</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>TodoView</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="41" />
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="42" />
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="95" />
        <source>Rejet</source>
        <translation>Rejection</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="42" />
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="95" />
        <source>Conflit</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="44" />
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="45" />
        <source>Élément</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="46" />
        <source>Raison</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="47" />
        <source>Vu le</source>
        <translation>Seen on</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="48" />
        <source>Essais</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="59" />
        <source>Réessayer</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="61" />
        <source>Garder la version enregistrée</source>
        <translation>Keep the stored version</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="65" />
        <source>L'écriture du grand livre reste telle quelle ; la nouvelle version est écartée.</source>
        <translation>The ledger entry stays as it is; the new version is discarded.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="69" />
        <source>Remplacer par la nouvelle version</source>
        <translation>Replace with the new version</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="73" />
        <source>L'écriture du grand livre est remplacée par la version venue de MEG. Une écriture déjà envoyée à Inqom n'y est pas mise à jour.</source>
        <translation>The ledger entry is replaced by the version from MEG. An entry already sent to Inqom is not updated there.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="101" />
        <source>Rien à traiter.</source>
        <translation>Nothing to handle.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/views/todo_view.py" line="103" />
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
    <name>ValidatePage</name>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="68" />
        <source>Étape 2 : valider les écritures</source>
        <translation>Step 2: validate the entries</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="71" />
        <source>Seules les écritures validées dans MEG sont transmises. Choisissez une période, prévisualisez les écritures qu'elle verrouillera, puis validez. Si vos périodes sont déjà validées, passez cette étape.</source>
        <translation>Only entries validated in MEG are transferred. Choose a period, preview the entries it will lock, then validate. If your periods are already validated, skip this step.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="85" />
        <source>Prévisualiser</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="86" />
        <source>Valider</source>
        <translation>Validate</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="88" />
        <source>Du</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="90" />
        <source>au</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="99" />
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="103" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="107" />
        <source>Pièce</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="111" />
        <source>Libellé</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="115" />
        <source>Débit</source>
        <translation>Debit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="119" />
        <source>Crédit</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="171" />
        <source>{0} : débit {1}, crédit {2}</source>
        <translation>{0}: debit {1}, credit {2}</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="177" />
        <source>Totaux par journal :</source>
        <translation>Totals per journal:</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="179" />
        <source>Aucune écriture à valider sur cette période.</source>
        <translation>No entry to validate in this period.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="184" />
        <source>Mois déjà validés dans MEG : {0}.</source>
        <translation>Months already validated in MEG: {0}.</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="200" />
        <source>Valider la période</source>
        <translation>Validate the period</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="202" />
        <source>Valider du {0} au {1} verrouille ces écritures dans MEG. Ce verrouillage est définitif : il ne peut pas être annulé. Continuer ?</source>
        <translation>Validating from {0} to {1} locks these entries in MEG. The lock is permanent: it cannot be undone. Continue?</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="205" />
        <source>Valider définitivement</source>
        <translation>Validate permanently</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="206" />
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../meg_inqom_desktop/ui/wizard/pages_connect.py" line="223" />
        <source>✓ Période du {0} au {1} validée : {2} écritures verrouillées.</source>
        <translation>✓ Period from {0} to {1} validated: {2} entries locked.</translation>
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