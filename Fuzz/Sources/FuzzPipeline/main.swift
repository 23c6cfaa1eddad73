import FuzzChecks
import FuzzDriver

// FuzzChecks.pipeline on each input; a broken promise becomes a crash so that libFuzzer keeps the input.
FuzzDriver.run { bytes in FuzzChecks.run(.pipeline, bytes) }
