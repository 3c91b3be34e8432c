"""Widgets of the main window: dossiers, Journal, Grand livre, À traiter, Historique."""
