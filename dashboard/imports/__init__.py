"""The imports wing: readers, value parsers, places, actors, the row builder and the store."""
