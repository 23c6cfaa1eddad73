import Foundation

/// A bounded FIFO between producer and consumer threads.
///
/// Bounded so that a fast git cannot fill memory while the parser catches up: the archive
/// is streamed, never held. The bound is on the number of items and on their total weight
/// (bytes), so that a run of very large messages is not queued 256 at a time; an item heavier
/// than the whole budget still passes, alone. Unchecked: every access to its state holds
/// `condition`'s lock.
final class BlockingQueue<Element>: @unchecked Sendable {
    private var items: [(Element, Int)?] = []
    private var head = 0
    private var weight = 0
    private var closed = false
    private let capacity: Int
    private let weightLimit: Int
    private let condition = NSCondition()

    init(capacity: Int, weightLimit: Int = .max) {
        self.capacity = capacity
        self.weightLimit = weightLimit
    }

    func push(_ item: Element, weight itemWeight: Int = 0) {
        condition.lock()
        while !closed && items.count - head > 0
                && (items.count - head >= capacity || weight + itemWeight > weightLimit) {
            condition.wait()
        }
        items.append((item, itemWeight))
        weight += itemWeight
        condition.broadcast()
        condition.unlock()
    }

    /// Marks the end of input; `pop` returns nil once the queue has drained.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count, let entry = items[head] else { return nil }
        items[head] = nil
        head += 1
        weight -= entry.1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return entry.0
    }
}
