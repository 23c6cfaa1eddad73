// The Digest stage.
