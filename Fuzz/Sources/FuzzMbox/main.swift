import FuzzChecks
import FuzzDriver

// FuzzChecks.mbox on each input; a broken promise becomes a crash so that libFuzzer keeps the input.
FuzzDriver.run { bytes in FuzzChecks.run(.mbox, bytes) }
