import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingTeaching

extension Paging {
  struct Exercise: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Seeded exercises with worked answers, for any architecture.",
      discussion:
        "The same seed gives the same exercise on every machine. --format json gives it as data for autograders.",
      subcommands: [ExerciseTranslate.self, ExerciseSizing.self])
  }
}

/// `paging exercise translate ARCH`.
struct ExerciseTranslate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "translate",
    abstract: "Walk virtual addresses through a random process's page tables.",
    discussion: """
      Maps --allocated pages at random, prints the root and the page-table pages (whole pages, \
      and data pages, on machines with pages of 64 bytes or less; otherwise only non-zero \
      entries), then --count virtual addresses, about half of them mapped. --answers shows \
      each walk step by step and its result or the level that faults. A printed dump of \
      whole pages reads back with `paging translate ARCH ADDRESS --memory FILE --root-page N`.
      """)

  @Argument(help: "A built-in architecture name or a descriptor path.")
  var architecture: String

  @Option(name: .shortAndLong, parsing: .unconditional, help: "The seed (default 0).", transform: parseSeed)
  var seed: UInt64 = 0

  @Option(name: [.customShort("n"), .long], parsing: .unconditional, help: "How many addresses to translate (1-1000).")
  var count: Int = 10

  @Option(
    name: [.customShort("a"), .long], parsing: .unconditional, help: "How many pages the process has mapped (0-4096).")
  var allocated: Int = 8

  @Flag(name: [.customShort("c"), .long], help: "Show the answers, worked step by step.")
  var answers = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let arch = try loadArchitecture(architecture)
    let exercise: TranslationExercise
    do { exercise = try TranslationExercise(architecture: arch, seed: seed, count: count, allocated: allocated) } catch
    { throw CommandFailure(error.description) }
    if output.isJSON { return output.emit(exercise.json) }
    print(exercise.text(answers: answers), terminator: "")
  }
}

/// `paging exercise sizing [ARCH]`.
struct ExerciseSizing: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sizing",
    abstract: "Sizing questions with random parameters, each answer with its working.",
    discussion: """
      Offset bits, entries per page, a single-level table, levels for an address width, the most \
      tables per level, and the fewest pages for K allocations of S bytes, in turn. The last two \
      ask about ARCH, or about a built-in drawn at random.
      """)

  @Argument(help: "A built-in architecture name or a descriptor path (default: drawn at random).")
  var architecture: String?

  @Option(name: .shortAndLong, parsing: .unconditional, help: "The seed (default 0).", transform: parseSeed)
  var seed: UInt64 = 0

  @Option(name: [.customShort("n"), .long], parsing: .unconditional, help: "How many questions (1-1000).")
  var count: Int = 6

  @Flag(name: [.customShort("c"), .long], help: "Show the answers and their working.")
  var answers = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let arch = try architecture.map(loadArchitecture)
    let exercise: SizingExercise
    do {
      exercise = try SizingExercise(architecture: arch, candidates: BuiltinArchitectures.all, seed: seed, count: count)
    } catch { throw CommandFailure(error.description) }
    if output.isJSON { return output.emit(exercise.json) }
    print(exercise.text(answers: answers), terminator: "")
  }
}
