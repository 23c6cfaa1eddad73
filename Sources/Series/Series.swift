// The Series stage.
