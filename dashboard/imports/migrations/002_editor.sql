-- Version 2: who imported each dataset, where known (an editor's e-mail address, "cli:<user>").
ALTER TABLE atlas_dataset ADD COLUMN editor text NOT NULL DEFAULT '';
