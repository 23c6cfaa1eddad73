import Patches

/// The buckets of unthreaded numbered patches (each one a posting being gathered), indexed so that
/// finding the bucket a mail joins does not look at every bucket made so far.
///
/// The rule is SeriesBuilder's: a mail joins the first bucket, in order of creation, whose mails
/// have its sender, version, total, RFC mark and free tags, that holds no mail of its number,
/// that holds a mail sent within the window of it, and whose first mail's Message-ID is of its
/// family (when both IDs are of a known generated shape). The index finds that same bucket:
/// - buckets are filed by their key (sender, version, total, RFC, free tags), by the family of
///   their first Message-ID, and by the time slots (one window wide) their mails were sent in, so
///   a mail looks only at buckets with a mail within one slot of its own;
/// - each slot's list keeps, per number, how many of its first buckets hold that number already:
///   a bucket never loses a mail, so those are passed over for good (a flood of `[PATCH 1/2]`
///   costs one step per mail, not one per earlier mail).
struct UnthreadedBuckets {
    struct Bucket {
        var mails: [PatchEmail]
        var numbers: Set<Int>
        var slots: Set<Int64>
        let family: String?
    }

    private struct Key: Hashable {
        var sender: String
        var version: PatchVersion
        var total: Int
        var isRFC: Bool
        var freeTags: [String]

        init(_ mail: PatchEmail) {
            sender = mail.sender.key
            version = mail.tags.version
            total = mail.tags.total
            isRFC = mail.tags.isRFC
            freeTags = mail.tags.freeTags
        }
    }

    /// One family's buckets (or any family's) of one key, by time slot.
    private struct FamilyKey: Hashable {
        var key: Key
        /// nil: buckets whose first Message-ID has no known family.
        var family: String?
    }

    /// Bucket numbers in order of creation, and per mail number how many leading ones hold it.
    private struct SlotList {
        var buckets: [Int] = []
        var held: [Int: Int] = [:]

        /// Files bucket `id`, keeping the list in order of creation. A bucket filed before the
        /// counted leading ones shortens those counts: it may not hold their numbers.
        mutating func insert(_ id: Int) {
            if buckets.last.map({ $0 < id }) ?? true {
                buckets.append(id)
                return
            }
            var low = 0, high = buckets.count
            while low < high {
                let mid = (low + high) / 2
                if buckets[mid] < id { low = mid + 1 } else { high = mid }
            }
            buckets.insert(id, at: low)
            for (number, count) in held where count > low { held[number] = low }
        }

        /// Moves the count of leading buckets holding `number` past every one that now does.
        mutating func passHolders(of number: Int, _ all: [Bucket]) {
            var count = held[number] ?? 0
            while count < buckets.count, all[buckets[count]].numbers.contains(number) { count += 1 }
            held[number] = count
        }
    }

    private(set) var buckets: [Bucket] = []
    /// Every bucket of a key, whatever its family: where a mail without a family looks.
    private var anyFamily: [Key: [Int64: SlotList]] = [:]
    /// The buckets of a key and first-mail family: where a mail with a family looks.
    private var byFamily: [FamilyKey: [Int64: SlotList]] = [:]

    let window: Int64

    init(window: Int64) { self.window = window }

    /// The bucket `mail` joins, or nil when it starts one.
    func target(for mail: PatchEmail) -> Int? {
        let key = Key(mail)
        let number = mail.tags.number
        let family = messageIDFamily(mail.messageID, number: number)
        let slot = Self.slot(mail.date.seconds, window)
        var best: Int?
        func look(_ lists: [Int64: SlotList]?) {
            guard let lists else { return }
            for s in (slot - 1)...(slot + 1) {
                guard let list = lists[s] else { continue }
                for id in list.buckets[(list.held[number] ?? 0)...] {
                    if let found = best, id >= found { break }
                    if fits(mail, number: number, family: family, into: buckets[id]) {
                        best = id
                        break
                    }
                }
            }
        }
        if let family {
            look(byFamily[FamilyKey(key: key, family: family)])
            look(byFamily[FamilyKey(key: key, family: nil)])
        } else {
            look(anyFamily[key])
        }
        return best
    }

    /// Starts a bucket with `mail`; returns its number.
    mutating func open(_ mail: PatchEmail) -> Int {
        let id = buckets.count
        let family = messageIDFamily(mail.messageID, number: mail.tags.number)
        buckets.append(Bucket(mails: [], numbers: [], slots: [], family: family))
        add(mail, to: id)
        return id
    }

    /// Puts `mail` into bucket `id` and files the bucket under the mail's time slot.
    mutating func add(_ mail: PatchEmail, to id: Int) {
        let number = mail.tags.number
        buckets[id].mails.append(mail)
        buckets[id].numbers.insert(number)
        let key = Key(mail)
        let slot = Self.slot(mail.date.seconds, window)
        if buckets[id].slots.insert(slot).inserted {
            anyFamily[key, default: [:]][slot, default: SlotList()].insert(id)
            byFamily[FamilyKey(key: key, family: buckets[id].family), default: [:]][slot, default: SlotList()].insert(id)
        }
        anyFamily[key]?[slot]?.passHolders(of: number, buckets)
        byFamily[FamilyKey(key: key, family: buckets[id].family)]?[slot]?.passHolders(of: number, buckets)
    }

    private func fits(_ mail: PatchEmail, number: Int, family: String?, into bucket: Bucket) -> Bool {
        guard !bucket.numbers.contains(number) else { return false }
        if let family, let theirs = bucket.family, family != theirs { return false }
        let seconds = mail.date.seconds
        return bucket.mails.contains { abs($0.date.seconds - seconds) <= window }
    }

    /// The slot of a time: slots are one window wide, so every mail within the window of a time
    /// is in its slot or one of the two beside it.
    private static func slot(_ seconds: Int64, _ window: Int64) -> Int64 {
        seconds >= 0 ? seconds / window : -((-seconds + window - 1) / window)
    }
}
