# ruff: noqa: E501  (a translation table: long French sources are kept whole)
"""Fill ``meg_inqom_en.ts`` with the English translations below (run after pyside6-lupdate).

    .venv/bin/pyside6-lupdate $(find meg_inqom_desktop/ui -name '*.py') \
        -ts resources/i18n/meg_inqom_en.ts -source-language fr_FR -target-language en_GB
    .venv/bin/python resources/i18n/fill_en.py
    .venv/bin/pyside6-lrelease resources/i18n/meg_inqom_en.ts -qm resources/i18n/meg_inqom_en.qm
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EN = {
    "Quand": "When",
    "Poste": "Workstation",
    "Personne": "Person",
    "Action": "Action",
    "Détail": "Detail",
    "Dossier :": "Dossier:",
    "Personne :": "Person:",
    "Tous les dossiers": "All dossiers",
    "Toutes les personnes": "Everybody",
    "Actions affichées : {0}": "Actions shown: {0}",
    "Base du cabinet injoignable : {0}": "Firm database unreachable: {0}",
    "un dossier": "a dossier",
    "{0} synchronise {1} (démarrage)": "{0} is syncing {1} (starting)",
    "{0} synchronise {1} : {2}": "{0} is syncing {1}: {2}",
    "{0} a fini de synchroniser {1}.": "{0} finished syncing {1}.",
    "{0} a synchronisé {1} : {2}, {3} nouvelles écritures, {4} envoyées à Inqom.": "{0} synced {1}: {2}, {3} new entries, {4} sent to Inqom.",
    "Synchronisations": "Syncs",
    "Qui a fait quoi": "Who did what",
    "Base du cabinet : {0}": "Firm database: {0}",
    "Général": "General",
    "Base du cabinet": "Firm database",
    "inchangé (trousseau du système ou .pgpass)": "unchanged (system keyring or .pgpass)",
    "Tester la connexion": "Test the connection",
    "ce poste": "this workstation",
    "Vide : le grand livre de ce poste (SQLite). Une adresse PostgreSQL : le grand livre partagé du cabinet, le même sur chaque poste et pour le service de synchronisation. Prend effet au prochain démarrage. En ce moment : {0}.": "Empty: this workstation's ledger (SQLite). A PostgreSQL address: the firm's shared ledger, the same on every workstation and for the sync service. Takes effect at the next start. Now: {0}.",
    "L'adresse en service vient de --database ou de MEG_INQOM_DATABASE, qui passent avant ce paramètre.": "The address in use comes from --database or MEG_INQOM_DATABASE, which take precedence over this setting.",
    "Mot de passe": "Password",
    "Aucune adresse : le grand livre de ce poste.": "No address: this workstation's ledger.",
    "Connexion en cours…": "Connecting…",
    "Fichier : {0}": "File: {0}",
    "Lignes : {0} — écritures : {1}": "Lines: {0} — entries: {1}",
    "Erreurs : {0} — alertes : {1}": "Errors: {0} — alerts: {1}",
    "ligne {0} [{1}] {2}": "line {0} [{1}] {2}",
    "✓ Le fichier est conforme (aucune erreur, aucune alerte).": "✓ The file conforms (no error, no alert).",
    "Confirmez que vous disposez des prérequis.": "Confirm that you have the prerequisites.",
    "Saisissez le SIRET de la société (14 chiffres).": "Enter the company's SIRET (14 digits).",
    "Autorisez l'accès à MEG dans le navigateur.": "Authorize access to MEG in the browser.",
    "La société n'a pas été trouvée dans MEG.": "The company was not found in MEG.",
    "La licence premium n'est pas active.": "The premium licence is not active.",
    "La connexion avec votre logiciel de production est désactivée.": "The connection with your production software is switched off.",
    "Validez une période, ou passez cette étape si c'est déjà fait.": "Validate a period, or skip this step if it is already done.",
    "Autorisez l'accès à Inqom, ou choisissez « local uniquement ».": "Authorize access to Inqom, or choose “local only”.",
    "Choisissez le dossier Inqom.": "Choose the Inqom folder.",
    "Choisissez la date de début.": "Choose the start date.",
    "Cliquez sur « Connexion ».": "Click “Connect”.",
    "À propos de MEG → Inqom": "About MEG → Inqom",
    "Version {0}": "Version {0}",
    "Récupère les écritures validées dans MEG et leurs pièces, les envoie dans Inqom, tient un "
    "grand livre local et exporte le FEC.": "Fetches the entries validated in MEG with their "
    "supporting documents, sends them to Inqom, keeps a local ledger and exports the FEC.",
    "Logiciel libre sous licence MIT.": "Free software under the MIT licence.",
    "Copier les informations": "Copy the information",
    "Ouvrir le dossier des journaux": "Open the log folder",
    "Informations copiées": "Information copied",
    "Copier un rapport pour le support": "Copy a report for support",
    "Versions, système, SIRET des dossiers et fin du journal ; aucun jeton.": "Versions, system, dossiers' SIRETs and the end of the log; no token.",
    "Autoriser l'accès à {0}": "Authorize access to {0}",
    "Ouvrir le navigateur": "Open the browser",
    "Copier le lien": "Copy the link",
    "Annuler": "Cancel",
    "Préparation de l'autorisation…": "Preparing the authorization…",
    "En attente de votre autorisation dans le navigateur… Si rien ne s'ouvre, cliquez sur "
    "« Copier le lien » et collez-le dans votre navigateur.": "Waiting for your authorization "
    "in the browser… If nothing opens, click “Copy the link” and paste it into your browser.",
    "Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien » et collez-le dans votre "
    "navigateur. En attente…": "The browser did not open: click “Copy the link” and paste it "
    "into your browser. Waiting…",
    "Autorisation annulée.": "Authorization cancelled.",
    "✓ Accès autorisé.": "✓ Access authorized.",
    "Le navigateur ne s'est pas ouvert : cliquez sur « Copier le lien ».": "The browser did not open: click “Copy the link”.",
    "Lien copié : collez-le dans votre navigateur.": "Link copied: paste it into your browser.",
    "Étape 3 : connexion": "Step 3: connection",
    "Local uniquement (sans Inqom)": "Local only (no Inqom)",
    "Dossier Inqom": "Inqom folder",
    "Date de début": "Start date",
    "SIRET": "SIRET",
    "Connexion": "Connect",
    "Dossier enregistré. Première synchronisation…": "Dossier saved. First sync…",
    "Première synchronisation terminée.": "First sync finished.",
    "réussie": "succeeded",
    "partielle": "partial",
    "échec": "failed",
    "annulée": "cancelled",
    "en cours": "running",
    "sautée": "skipped",
    "jamais": "never",
    "Dossier": "Dossier",
    "Dernière synchro": "Last sync",
    "Prochaine": "Next",
    "Nouvelles": "New",
    "Rejets": "Rejected",
    "suspendu": "paused",
    "Erreur inattendue": "Unexpected error",
    "L'application a rencontré une erreur inattendue.": "The application met an unexpected error.",
    "Les écritures et les pièces déjà enregistrées ne sont pas touchées. Vous pouvez continuer "
    "ou redémarrer l'application. Si l'erreur revient, copiez le rapport et envoyez-le au "
    "support : il ne contient ni mot de passe ni jeton, seulement les versions, le système, les "
    "SIRET des dossiers et les dernières lignes du journal.": "Entries and documents already "
    "stored are untouched. You may continue or restart the application. If the error comes "
    "back, copy the report and send it to support: it holds no password and no token, only "
    "versions, the system, the dossiers' SIRETs and the last lines of the log.",
    "Copier le rapport": "Copy the report",
    "Afficher le rapport": "Show the report",
    "Rapport copié": "Report copied",
    "Exporter le FEC": "Export the FEC",
    "Parcourir…": "Browse…",
    "Clôture de l'exercice": "Fiscal year end",
    "Dossier de destination": "Destination folder",
    "Exporter": "Export",
    "Export en cours…": "Exporting…",
    "Début": "Start",
    "Déclencheur": "Trigger",
    "Statut": "Status",
    "Inchangées": "Unchanged",
    "Conflits": "Conflicts",
    "Envoyées": "Pushed",
    "Pièces": "Documents",
    "Erreur": "Error",
    "Écritures par mois et par journal": "Entries per month and journal",
    "Total compte {0}": "Total account {0}",
    "Date": "Date",
    "Journal": "Journal",
    "Pièce": "Document",
    "Compte": "Account",
    "Libellé": "Label",
    "Débit": "Debit",
    "Crédit": "Credit",
    "Provenance": "Source",
    "Solde": "Balance",
    "Période": "Period",
    "Compte (début)": "Account (prefix)",
    "Rechercher un libellé ou une pièce": "Search a label or a document",
    "Copier": "Copy",
    "Exporter en CSV…": "Export as CSV…",
    "Toutes": "All",
    "Tous": "All",
    "Calcul des totaux…": "Computing totals…",
    "{0} lignes — Débit {1} — Crédit {2} — Solde {3}": "{0} lines — Debit {1} — Credit {2} — Balance {3}",
    "Exporter en CSV": "Export as CSV",
    "Fichiers CSV (*.csv)": "CSV files (*.csv)",
    "MEG → Inqom": "MEG → Inqom",
    "Synchroniser maintenant": "Sync now",
    "Dossiers": "Dossiers",
    "Grand livre": "General ledger",
    "À traiter": "To handle",
    "Historique": "History",
    "Prêt.": "Ready.",
    "&Fichier": "&File",
    "Ajouter un dossier…": "Add a dossier…",
    "Exporter le FEC…": "Export the FEC…",
    "Paramètres…": "Settings…",
    "Quitter": "Quit",
    "&Aide": "&Help",
    "À propos": "About",
    "Synchronisation en cours…": "Sync in progress…",
    "Synchronisation : erreurs à traiter": "Sync: errors to handle",
    "Synchronisation terminée": "Sync finished",
    "Annulation…": "Cancelling…",
    "Synchronisation annulée.": "Sync cancelled.",
    "Vérifiez le SIRET saisi, et que la société existe bien dans votre espace MEG avec ce SIRET "
    "(fiche société).": "Check the SIRET you typed, and that the company exists in your MEG "
    "space with this SIRET (company record).",
    "Dans MEG : menu Supervision, cliquez sur le crayon de la société, cochez « Accès aux "
    "modules MEG Premium », puis enregistrez.": "In MEG: Supervision menu, click the company's "
    "pencil, tick “Accès aux modules MEG Premium”, then save.",
    "Dans MEG : cliquez sur l'engrenage, ouvrez « Cabinets/Sites », activez « Connexion avec "
    "votre logiciel de production », puis enregistrez.": "In MEG: click the gear, open "
    "“Cabinets/Sites”, turn on “Connexion avec votre logiciel de production”, then save.",
    "Étape 1 : configurer MEG": "Step 1: configure MEG",
    "SIRET de la société": "Company SIRET",
    "Vérifications": "Checks",
    "Société trouvée dans MEG": "Company found in MEG",
    "Licence premium active": "Premium licence active",
    "« Connexion avec votre logiciel de production » activée": "“Connexion avec votre logiciel de production” turned on",
    "Revérifier": "Check again",
    "Pièce justificative": "Supporting document",
    "Ouvrir avec l'application par défaut": "Open with the default application",
    "Aucune pièce pour cette écriture.": "No document for this entry.",
    "Chargement…": "Loading…",
    "Impossible d'afficher la pièce : {0}": "Cannot show the document: {0}",
    "Pièce non ouverte : {0}": "Document not opened: {0}",
    "{0} — {1} page(s)": "{0} — {1} page(s)",
    "Prérequis": "Prerequisites",
    "Pour relier une société de MEG à Inqom, il vous faut :\n\n• une licence MEG Premium active "
    "pour la société ;\n• le SIRET de la société (14 chiffres) ;\n• un accès à MEG (compte "
    "cabinet) et un accès à Inqom ;\n• un navigateur sur ce poste pour autoriser l'accès.\n\n"
    "L'assistant vous guide en trois étapes : configurer MEG, valider les écritures, puis "
    "connecter le dossier.": "To link a MEG company to Inqom you need:\n\n• an active MEG "
    "Premium licence for the company;\n• the company's SIRET (14 digits);\n• access to MEG "
    "(firm account) and access to Inqom;\n• a browser on this computer to authorize access.\n\n"
    "The wizard guides you through three steps: configure MEG, validate the entries, then "
    "connect the dossier.",
    "J'ai ces prérequis": "I have these prerequisites",
    "Paramètres": "Settings",
    "Heures de Paris, séparées par des virgules (ex. 10:00, 14:00)": "Paris times, separated by commas (e.g. 10:00, 14:00)",
    "Aucune": "None",
    "Erreurs seulement": "Errors only",
    "Proxy du système (ex. http://proxy:3128)": "System proxy (e.g. http://proxy:3128)",
    "Lancer au démarrage de la session": "Start when the session opens",
    "Pour changer de dossier, lancez l'application avec --data-dir DOSSIER.": "To change folder, start the application with --data-dir FOLDER.",
    "Créneaux de synchronisation": "Sync slots",
    "Notifications": "Notifications",
    "Proxy": "Proxy",
    "Langue (au prochain démarrage)": "Language (at next start)",
    "Dossier de données": "Data folder",
    "Démarrage avec la session : {0}": "Start with the session: {0}",
    "Étape 2 : valider les écritures": "Step 2: validate the entries",
    "Assistant de connexion MEG → Inqom": "MEG → Inqom connection wizard",
    "Précédent": "Back",
    "Passer cette étape": "Skip this step",
    "Suivant": "Next",
    "{0} — {1} sur {2}": "{0} — {1} of {2}",
    "Terminer": "Finish",
    "Type": "Type",
    "Rejet": "Rejection",
    "Conflit": "Conflict",
    "Élément": "Item",
    "Raison": "Reason",
    "Vu le": "Seen on",
    "Essais": "Attempts",
    "Réessayer": "Retry",
    "Rien à traiter.": "Nothing to handle.",
    "{0} élément(s) à traiter.": "{0} item(s) to handle.",
    "Ouvrir": "Open",
    "Suspendre": "Pause",
    "Seules les écritures validées dans MEG sont transmises. Choisissez une période, "
    "prévisualisez les écritures qu'elle verrouillera, puis validez. Si vos périodes sont déjà "
    "validées, passez cette étape.": "Only entries validated in MEG are transferred. Choose a "
    "period, preview the entries it will lock, then validate. If your periods are already "
    "validated, skip this step.",
    "Prévisualiser": "Preview",
    "Valider": "Validate",
    "Du": "From",
    "au": "to",
    "{0} : débit {1}, crédit {2}": "{0}: debit {1}, credit {2}",
    "Totaux par journal :": "Totals per journal:",
    "Aucune écriture à valider sur cette période.": "No entry to validate in this period.",
    "Mois déjà validés dans MEG : {0}.": "Months already validated in MEG: {0}.",
    "Valider la période": "Validate the period",
    "Valider du {0} au {1} verrouille ces écritures dans MEG. Ce verrouillage est définitif : il "
    "ne peut pas être annulé. Continuer ?": "Validating from {0} to {1} locks these entries in "
    "MEG. The lock is permanent: it cannot be undone. Continue?",
    "Valider définitivement": "Validate permanently",
    "✓ Période du {0} au {1} validée : {2} écritures verrouillées.": "✓ Period from {0} to {1} validated: {2} entries locked.",
    "Synchronisation non lancée.": "Sync not started.",
    ", processus {0}": ", process {0}",
    "Synchronisation impossible depuis cette fenêtre : un autre processus (par exemple « meg-inqom serve »{0}) "
    "synchronise déjà ce dossier de données. Le journal, le grand livre et l'historique restent "
    "consultables. Pour synchroniser ici, arrêtez l'autre processus ou attendez qu'il se termine, puis "
    "cliquez sur « Synchroniser maintenant ».": "Cannot sync from this window: another process "
    "(for example “meg-inqom serve”{0}) is already syncing this data folder. The journal, the "
    "general ledger and the history can still be viewed. To sync here, stop the other process or "
    "wait until it ends, then click “Sync now”.",
    "Écriture remplacée dans le grand livre local. Attention : elle avait déjà été envoyée à Inqom, "
    "qui garde l'ancienne version (les mises à jour ne sont pas envoyées). Corrigez-la dans Inqom si "
    "nécessaire.": "Entry replaced in the local ledger. Warning: it had already been sent to "
    "Inqom, which keeps the old version (updates are not sent). Correct it in Inqom if needed.",
    "Écriture remplacée par la nouvelle version venue de MEG.": "Entry replaced by the new version from MEG.",
    "Version enregistrée conservée ; la nouvelle version est écartée.": "Stored version kept; the new version is discarded.",
    "Garder la version enregistrée": "Keep the stored version",
    "L'écriture du grand livre reste telle quelle ; la nouvelle version est écartée.": "The ledger entry stays as it is; the new version is discarded.",
    "Remplacer par la nouvelle version": "Replace with the new version",
    "L'écriture du grand livre est remplacée par la version venue de MEG. Une écriture déjà envoyée à "
    "Inqom n'y est pas mise à jour.": "The ledger entry is replaced by the version from MEG. An "
    "entry already sent to Inqom is not updated there.",
    # À traiter: decisions on Inqom's side
    "Inqom": "Inqom",
    "Déjà dans Inqom": "Already in Inqom",
    "Adopter l'écriture Inqom": "Adopt the Inqom entry",
    "C'est la même écriture : elle est reliée à celle d'Inqom, rien n'est envoyé.": "It is the same entry: it is linked to Inqom's, nothing is sent.",
    "Envoyer l'écriture MEG": "Send the MEG entry",
    "Ce sont deux écritures différentes : celle de MEG est envoyée.": "They are two different entries: MEG's is sent.",
    "Reposter": "Post again",
    "L'écriture supprimée dans Inqom y est envoyée de nouveau.": "The entry deleted in Inqom is sent there again.",
    "Ignorer": "Ignore",
    "L'écriture reste hors d'Inqom ; elle ne sera plus proposée.": "The entry stays out of Inqom; it will not be offered again.",
    "Garder la version Inqom": "Keep Inqom's version",
    "La modification faite dans Inqom est gardée et n'est plus signalée.": "The change made in Inqom is kept and no longer reported.",
    "Renvoyer celle de MEG": "Send MEG's again",
    "La version de MEG remplace celle d'Inqom.": "MEG's version replaces Inqom's.",
    "Écriture reliée à celle d'Inqom : elle ne sera pas envoyée.": "Entry linked to Inqom's: it will not be sent.",
    "L'écriture MEG va être envoyée à Inqom.": "The MEG entry is about to be sent to Inqom.",
    "L'écriture va être envoyée de nouveau à Inqom.": "The entry is about to be sent to Inqom again.",
    "L'écriture reste hors d'Inqom.": "The entry stays out of Inqom.",
    "La version d'Inqom est gardée.": "Inqom's version is kept.",
    "La version de MEG va être remise dans Inqom.": "MEG's version is about to be put back into Inqom.",
    # pièce viewer: the electronic invoice beside the pages
    "Vendeur": "Seller",
    "Acheteur": "Buyer",
    "Lignes": "Lines",
    "Désignation": "Item",
    "Qté": "Qty",
    "Montant HT": "Net amount",
    "TVA": "VAT",
    "TVA par taux": "VAT by rate",
    "Catégorie": "Category",
    "Taux": "Rate",
    "Base": "Basis",
    "Totaux": "Totals",
    "Nom": "Name",
    "N° TVA": "VAT number",
    "Adresse": "Address",
    "Total HT": "Total without VAT",
    "Total TVA": "Total VAT",
    "Total TTC": "Total with VAT",
    "Acompte versé": "Prepaid",
    "Net à payer": "Amount due",
    "Échéance": "Due date",
    "Devise": "Currency",
    "Utiliser un autre compte": "Use another account",
    "✓ Autorisation {0} déjà donnée par {1}.": "✓ {0} authorization already given by {1}.",
    "✓ Accès autorisé ({0}).": "✓ Access authorized ({0}).",
    "Attention : Inqom propose aussi sa propre application MEG (Marketplace Inqom). Si elle est active sur ce dossier en même temps que ce connecteur, chaque écriture arrivera deux fois dans Inqom.": "Caution: Inqom also offers its own MEG application (Inqom Marketplace). If it is active on this folder together with this connector, every entry will reach Inqom twice.",
    "L'application MEG de la Marketplace Inqom n'est pas active sur ce dossier": "The Inqom Marketplace MEG application is not active on this folder",
    "Confirmez que l'application MEG de la Marketplace Inqom n'est pas active sur ce dossier.": "Confirm that the Inqom Marketplace MEG application is not active on this folder.",
    "Choisissez le dossier Inqom…": "Choose the Inqom folder…",
    "même SIREN et NIC": "same SIREN and NIC",
    "même SIREN, autre établissement": "same SIREN, another establishment",
    "SIRET non renseigné": "no SIRET given",
    "✓ Dossier Inqom trouvé par son SIREN et son NIC.": "✓ Inqom folder found by its SIREN and NIC.",
    "Ce compte Inqom ne voit aucun dossier : utilisez un autre compte, ou connectez le dossier en local uniquement.": "This Inqom account sees no folder: use another account, or connect the dossier locally only.",
    "Plusieurs dossiers Inqom portent ce SIRET : choisissez le bon.": "Several Inqom folders carry this SIRET: choose the right one.",
    "Aucun dossier Inqom ne porte ce SIRET ; ceux de la même société (même SIREN) sont en tête : vérifiez l'établissement avant de choisir.": "No Inqom folder carries this SIRET; those of the same company (same SIREN) come first: check the establishment before choosing.",
    "Aucun dossier Inqom ne porte ce SIREN : choisissez-le dans la liste (les noms les plus ressemblants d'abord) ou utilisez un autre compte.": "No Inqom folder carries this SIREN: choose it in the list (the most similar names first) or use another account.",
    "Connexions": "Connections",
    "Lecture du trousseau…": "Reading the keyring…",
    "Se connecter à {0}": "Sign in to {0}",
    "Aucune connexion.": "No connection.",
    "renouvelée automatiquement": "renewed automatically",
    "expirée le {0}": "expired on {0}",
    "valable jusqu'au {0}": "valid until {0}",
    "{0} dossier(s)": "{0} dossier(s)",
    "aucun dossier encore": "no dossier yet",
    "Application Inqom": "Inqom application",
    "Production": "Production",
    "Préproduction (staging)": "Pre-production (staging)",
    "inchangé (gardé dans le trousseau)": "unchanged (kept in the keyring)",
    "Défini par : {0}": "Set by: {0}",
    "Environnement": "Environment",
    "Identifiant client": "Client id",
    "Secret client": "Client secret",
    # FEC import
    "Importer un FEC": "Import a FEC",
    "Importer un FEC…": "Import a FEC…",
    "SIRENFECAAAAMMJJ.txt": "SIRENFECYYYYMMDD.txt",
    "Choisissez un dossier, ou tapez le SIRET d'un nouveau dossier.": "Choose a dossier, or type the SIRET of a new dossier.",
    "Importer ce qui peut l'être et mettre le reste de côté (import partiel)": "Import what can be and set the rest aside (partial import)",
    "Sans cette case, l'import est tout ou rien : si une ligne ne peut pas être importée, rien ne l'est.": "Without this box the import is all or nothing: if one line cannot be imported, nothing is.",
    "Fichier FEC": "FEC file",
    "Contrôler": "Check",
    "Importer": "Import",
    "Fermer": "Close",
    "Choisir un FEC": "Choose a FEC",
    "FEC (*.txt *.TXT *.csv)": "FEC (*.txt *.TXT *.csv)",
    "Tous les fichiers (*)": "All files (*)",
    "Choisissez un fichier FEC existant.": "Choose an existing FEC file.",
    "Contrôle de {0}…": "Checking {0}…",
    "Contrôle annulé.": "Check cancelled.",
    "Une synchronisation est en cours : attendez qu'elle finisse, puis importez.": "A sync is running: wait for it to finish, then import.",
    "Confirmer l'import": "Confirm the import",
    "Importer quand même ?": "Import anyway?",
    "Ne pas importer": "Do not import",
    "Import abandonné : rien n'a été importé.": "Import abandoned: nothing was imported.",
    "Import de {0}…": "Importing {0}…",
    "Régime : {0}": "Regime: {0}",
    "Conforme pour Test Compta Demat (DGFiP) : aucune erreur.": "Conforming for Test Compta Demat (DGFiP): no error.",
    "Non conforme pour Test Compta Demat (DGFiP) : {0} erreur(s).": "Not conforming for Test Compta Demat (DGFiP): {0} error(s).",
    "Lignes : {0} — écritures : {1} — alertes : {2}": "Lines: {0} — entries: {1} — alerts: {2}",
    "Regroupement : {0} — {1}": "Grouping: {0} — {1}",
    "✓ Toutes les écritures peuvent être importées.": "✓ Every entry can be imported.",
    "✗ {0} ligne(s) illisible(s) et {1} écriture(s) non équilibrée(s) : sans import partiel, rien ne sera importé.": "✗ {0} unreadable line(s) and {1} unbalanced entrie(s): without a partial import, nothing will be imported.",
    "Autres constats (ils n'empêchent pas l'import) :": "Other findings (they do not prevent the import):",
    "  ligne {0} [{1}] {2}": "  line {0} [{1}] {2}",
    "  … et {0} autre(s).": "  … and {0} more.",
    "Ce fichier a déjà été importé dans ce dossier : rien n'a été ajouté.": "This file was already imported into this dossier: nothing was added.",
    "Rien n'a été importé : {0} ligne(s) illisible(s) et {1} écriture(s) non équilibrée(s). Corrigez le fichier dans le logiciel d'origine, ou cochez l'import partiel pour importer le reste.": "Nothing was imported: {0} unreadable line(s) and {1} unbalanced entrie(s). Fix the file in the software that wrote it, or tick the partial import to import the rest.",
    "Import terminé : {0} écriture(s) nouvelle(s), {1} déjà présente(s).": "Import done: {0} new entrie(s), {1} already there.",
    "Lignes : {0} importée(s), {1} mise(s) de côté.": "Lines: {0} imported, {1} set aside.",
    "Dossier créé.": "Dossier created.",
    "{0} écriture(s) sans ValidDate : enregistrée(s) comme non validée(s).": "{0} entrie(s) without ValidDate: stored as not validated.",
    "Les lignes mises de côté sont dans « À traiter ».": "The lines set aside are in “To handle”.",
    # À traiter: electronic invoices
    "Sur la facture": "On the invoice",
    "Dans l'écriture": "In the entry",
    "Facture à vérifier": "Invoice to check",
}


def fill(ts: Path) -> list[str]:
    """Write the translations into ``ts``; returns the sources left untranslated."""
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if source in EN:
            translation.text = EN[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    left = fill(Path(__file__).with_name("meg_inqom_en.ts"))
    for text in left:
        print("untranslated:", repr(text))
    sys.exit(1 if left else 0)
