"""The text a view shows beside the map: details of a clicked feature, counts, the account, what is in view."""
