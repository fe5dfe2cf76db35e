"""The atlas: ``geodata/`` loaded and checked, the cartel register, and the pure functions that select from it."""
