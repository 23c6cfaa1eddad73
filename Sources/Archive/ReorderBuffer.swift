import Foundation

/// Results of several worker threads, taken out in index order by one consumer.
///
/// Workers can only run as far ahead as the bounded input queue lets them, so the buffer
/// stays small. Unchecked: every access to its state holds `condition`'s lock.
final class ReorderBuffer<Value>: @unchecked Sendable {
    private var ready: [Int: Value] = [:]
    private var finishedWorkers = 0
    private let condition = NSCondition()

    func put(_ index: Int, _ value: Value) {
        condition.lock()
        ready[index] = value
        condition.broadcast()
        condition.unlock()
    }

    func workerDone() {
        condition.lock()
        finishedWorkers += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The value for `index`, waiting for it; nil once every worker is done without it.
    func take(_ index: Int, workers: Int) -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil {
            if finishedWorkers == workers { return nil }
            condition.wait()
        }
        return ready.removeValue(forKey: index)
    }
}
