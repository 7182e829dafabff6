import PagingCore
import PagingJSON

/// Sizing questions of the kinds an OS course section asks (offset bits,
/// entries per page, a single-level table, levels for a width, most tables
/// per level, the fewest pages for K allocations of S bytes), with random
/// parameters and each answer's working.
///
///     let exercise = try SizingExercise(architecture: nil, seed: 3, count: 6)
///     exercise.questions[0].prompt    // "Pages are 16 KiB. How many bits ..."
///     exercise.questions[0].answer    // "14"
///
/// The questions cycle through the kinds in order; the footprint questions
/// use `architecture` when given, else a built-in drawn from `candidates`.
///
/// - Complexity: O(*n* × *l*) for *n* questions and *l* levels.
public struct SizingExercise: Sendable {
  /// One question, its answer (a number or a list of numbers, as text), and
  /// the working that gets there.
  public struct Question: Sendable, Equatable {
    /// Which kind of question (see ``SizingExercise/kinds``).
    public let kind: String
    /// The question as asked.
    public let prompt: String
    /// The answer as text.
    public let answer: String
    /// The numbers in the answer, exact, for autograders.
    public let values: [UInt128]
    /// How the answer is worked out.
    public let working: String
  }

  /// The seed the exercise was drawn with.
  public let seed: UInt64
  /// The architecture the footprint questions use, when one was given.
  public let architecture: Architecture?
  /// The questions, in order.
  public let questions: [Question]

  /// The question kinds, in the order they are asked.
  public static let kinds = [
    "offset_bits", "entries_per_page", "single_level_table", "levels", "most_tables", "footprint",
  ]

  /// Draws `count` questions from `seed`, on `architecture` or on built-ins drawn from `candidates`.
  public init(architecture: Architecture?, candidates: [Architecture], seed: UInt64, count: Int) throws(ExerciseError) {
    guard (1...1000).contains(count) else { throw ExerciseError("--count must be from 1 to 1000, got \(count)") }
    guard architecture != nil || !candidates.isEmpty else { throw ExerciseError("no architecture to ask about") }
    self.seed = seed
    self.architecture = architecture
    var random = SplitMix64(seed: seed)
    var questions: [Question] = []
    for index in 0..<count {
      let arch = architecture ?? candidates[Int(random.next() % UInt64(candidates.count))]
      questions.append(Self.question(kind: Self.kinds[index % Self.kinds.count], arch: arch, random: &random))
    }
    self.questions = questions
  }

  static func pick<T>(_ choices: [T], _ random: inout SplitMix64) -> T {
    choices[Int(random.next() % UInt64(choices.count))]
  }

  static func question(kind: String, arch: Architecture, random: inout SplitMix64) -> Question {
    let pageBits = pick([12, 13, 14, 16, 21], &random)
    let entrySize = pick([4, 8], &random)
    let page = UInt128(1) << pageBits
    switch kind {
    case "offset_bits":
      return Question(
        kind: kind,
        prompt: "Pages are \(formatBytes(page)). How many bits of a virtual address are the offset within the page?",
        answer: "\(pageBits)", values: [UInt128(pageBits)],
        working: "\(formatBytes(page)) = \(page) = 2^\(pageBits) bytes, so the low \(pageBits) bits pick the byte")
    case "entries_per_page":
      let entries = page / UInt128(entrySize)
      return Question(
        kind: kind, prompt: "How many \(entrySize)-byte page-table entries fit in a \(formatBytes(page)) page?",
        answer: "\(entries)", values: [entries],
        working: "\(page) / \(entrySize) = \(entries) = 2^\(pageBits - entrySize.trailingZeroBitCount)")
    case "single_level_table":
      let vaBits = pick([32, 36, 39, 40, 48], &random)
      let bytes = (UInt128(1) << (vaBits - pageBits)) * UInt128(entrySize)
      return Question(
        kind: kind,
        prompt:
          "With \(vaBits)-bit virtual addresses, \(formatBytes(page)) pages and \(entrySize)-byte entries, how many bytes would a single-level page table take?",
        answer: "\(bytes)", values: [bytes],
        working:
          "2^(\(vaBits) - \(pageBits)) = 2^\(vaBits - pageBits) pages, one \(entrySize)-byte entry each: \(formatBytesExactly(bytes))"
      )
    case "levels":
      let vaBits = pick([32, 39, 42, 48, 52, 57, 64], &random)
      guard let plan = try? LevelPlan(virtualAddressBits: vaBits, pageSize: page, entrySize: entrySize) else {
        return question(kind: "offset_bits", arch: arch, random: &random)
      }
      let full = plan.bitsPerFullLevel
      return Question(
        kind: kind,
        prompt:
          "With \(vaBits)-bit virtual addresses, \(formatBytes(page)) pages and \(entrySize)-byte entries, how many levels does the page table need if every table but the root fills a page?",
        answer: "\(plan.levelCount)", values: [UInt128(plan.levelCount)],
        working:
          "a page holds 2^\(full) entries, so a level indexes \(full) bits; \(vaBits) - \(pageBits) = \(plan.translatedBits) bits to index; ceil(\(plan.translatedBits) / \(full)) = \(plan.levelCount), split \(plan.indexBits.map(String.init).joined(separator: " + ")) root first"
      )
    case "most_tables":
      let counts = arch.levels.indices.map { arch.maxTables(atLevel: $0) }
      let names = arch.levels.map(\.name)
      return Question(
        kind: kind,
        prompt:
          "On \(arch.name), what is the most page-table pages there can be at each level (\(names.joined(separator: ", ")))?",
        answer: counts.map(String.init).joined(separator: ", "), values: counts,
        working: arch.sizingExplanation.first { $0.topic == "most tables per level" }?.working ?? "")
    default:
      return footprintQuestion(arch, random: &random)
    }
  }

  /// The fewest page-table pages for K allocations of S bytes from A.
  static func footprintQuestion(_ arch: Architecture, random: inout SplitMix64) -> Question {
    let userSpace = arch.upperBits == .signExtend ? arch.addressSpaceBytes / 2 : arch.addressSpaceBytes
    var count = pick([UInt128(1), 2, 512, 513, 1000, 262_145], &random)
    var size = pick([UInt128(1), 4096, 5000, 8192, 2 << 20], &random)
    // Small machines get workloads that fit in half their space.
    if size > userSpace / 4 { size = arch.pageSize }
    let slot = (size + arch.pageSize - 1) / arch.pageSize * arch.pageSize
    if count * slot > userSpace / 2 { count = max(1, userSpace / 2 / slot) }
    let large = !arch.largePageSizes.isEmpty && random.next() % 3 == 0
    let workload = Workload.allocations(count: count, size: size)
    let span = arch.entrySpan(atLevel: max(0, arch.bottomLevel - 1))
    let slots = max(userSpace / span, 1)
    var start = (UInt128(random.next()) % slots) * span
    if random.next() % 2 == 0 { start += UInt128(random.next() % 512) * arch.pageSize }
    let length = (try? workload.length(pageSize: arch.pageSize)) ?? 0
    if start + length > userSpace { start = 0 }
    let pointer = arch.pointer(forTranslated: start)
    let range =
      (try? arch.range(of: workload, placement: .at(pointer))) ?? AddressRange(start: 0, end: min(length, userSpace))
    let footprint = arch.footprint(of: [range], largePages: large)
    let perLevel = zip(arch.levels, footprint.pageTablePagesPerLevel).map { "\($0.name) \($1)" }.joined(separator: ", ")
    let prompt =
      "On \(arch.name), \(counted(count, "allocation")) of \(counted(size, "byte")) each, back to back from \(formatHex(pointer)), each starting on a page\(large ? ", with large pages where they fit" : ", with base pages only"): how many page-table pages does the process need at the least, and how many pages in all with the data?"
    return Question(
      kind: "footprint", prompt: prompt,
      answer: "\(footprint.pageTablePages) page-table pages, \(footprint.totalPages) pages in all",
      values: [footprint.pageTablePages, footprint.totalPages],
      working:
        "\(counted(footprint.dataPages, "data page")) (\(formatBytesExactly(length)) of address space); page-table pages by level: \(perLevel)"
    )
  }

  /// The questions as text, with answers and working when `answers` is true.
  public func text(answers: Bool) -> String {
    var lines = [
      "Sizing exercise, seed \(seed)\(architecture.map { " on \($0.name)" } ?? ""): \(counted(questions.count, "question"))"
    ]
    for (number, question) in questions.enumerated() {
      lines.append("")
      lines.append("\(number + 1). \(question.prompt)")
      if answers {
        lines.append("   answer: \(question.answer)")
        lines.append("   working: \(question.working)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The exercise as data: `seed`, `architecture` (or null), `questions`,
  /// each with `kind`, `prompt` and `answer` (`text`, exact `values`,
  /// `working`).
  public var json: JSONValue {
    .object([
      ("kind", .string("sizing")),
      ("architecture", architecture.map { .string($0.name) } ?? .null),
      ("seed", .integer(seed)),
      (
        "questions",
        .array(
          questions.map { question in
            .object([
              ("kind", .string(question.kind)),
              ("prompt", .string(question.prompt)),
              (
                "answer",
                .object([
                  ("text", .string(question.answer)), ("values", .array(question.values.map { .integer($0) })),
                  ("working", .string(question.working)),
                ])
              ),
            ])
          })
      ),
    ])
  }
}
