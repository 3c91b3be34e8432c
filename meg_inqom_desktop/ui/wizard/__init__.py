"""The setup wizard's pages (navigation lives in ``app.wizard_flow``)."""
