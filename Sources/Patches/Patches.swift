// The Patches stage.
