// The Archive stage.
