import PagingCore
import PagingSimulator

/// A page-table walking exercise for any architecture: a process with some
/// pages mapped at random, the page-table pages it needs (with its data
/// pages too, on machines with pages small enough to print), the root, and
/// virtual addresses to translate, about half of them mapped.
///
///     let exercise = try TranslationExercise(architecture: x86_64, seed: 7, count: 10, allocated: 8)
///     exercise.questions[0].virtualAddress   // a canonical pointer
///     exercise.questions[0].answer           // the walk: physical address or faulting level
///
/// The same seed gives the same exercise on every machine: every choice is
/// drawn from `PagingCore`'s `SplitMix64`.
///
/// - Complexity: O(*k* × *l* + *n* × *l*) for *k* mapped pages, *n*
///   addresses and *l* levels, plus the bytes of the pages made.
public struct TranslationExercise: Sendable {
  /// One address to translate and its worked answer.
  public struct Question: Sendable {
    /// The address to translate, as a pointer.
    public let virtualAddress: UInt128
    /// The walk through the exercise's pages from its root.
    public let answer: Walk
  }

  /// One physical page of the exercise: a page-table page, or a data page
  /// on machines whose pages are small enough to print.
  public struct Page: Sendable, Equatable {
    /// The page's frame number.
    public let frame: FrameNumber
    /// The page's bytes.
    public let bytes: [UInt8]
    /// True for a page-table page, false for a data page.
    public let isPageTable: Bool
  }

  /// The machine the exercise is on.
  public let architecture: Architecture
  /// The seed the exercise was drawn with.
  public let seed: UInt64
  /// Physical address of the root table.
  public let rootAddress: PhysicalAddress
  /// Every page the exercise gives, by frame number.
  public let pages: [Page]
  /// The addresses to translate, in order.
  public let questions: [Question]
  /// Data pages are printed (and values asked) only on machines with pages
  /// of at most this many bytes, as OSTEP's are.
  public static let printedDataPageLimit = 64

  /// Whether the exercise shows data pages and asks for the byte there.
  public var hasDataBytes: Bool { Int(architecture.pageSize) <= Self.printedDataPageLimit }

  /// Draws an exercise: `allocated` pages mapped, `count` addresses.
  public init(architecture arch: Architecture, seed: UInt64, count: Int, allocated: Int) throws(ExerciseError) {
    guard (1...1000).contains(count) else { throw ExerciseError("--count must be from 1 to 1000, got \(count)") }
    guard (0...4096).contains(allocated) else {
      throw ExerciseError("--allocated must be from 0 to 4096, got \(allocated)")
    }
    // Every table is held as a page of bytes: pages past 64 KiB would make
    // an exercise nobody prints, and could pass the host's memory.
    guard arch.pageSize <= 1 << 16 else {
      throw ExerciseError(
        "\(arch.name): translation exercises take pages of at most 64 KiB, not \(formatBytes(arch.pageSize))")
    }
    let codec: EntryCodec
    do { codec = try EntryCodec(arch) } catch { throw ExerciseError("\(arch.name): \(error)") }
    self.architecture = arch
    self.seed = seed
    var random = SplitMix64(seed: seed)
    let window = Self.window(arch, random: &random)
    let windowPages = window.size >> arch.offsetBits
    guard UInt128(allocated) <= windowPages else {
      throw ExerciseError(
        "\(arch.name): \(counted(allocated, "page")) do not fit in the \(formatBytes(window.size)) a process uses here")
    }
    var builder = try ExerciseMemory(arch, codec: codec, random: &random, reserving: allocated)
    // The mapped pages, distinct, in the order drawn.
    var mapped: [UInt128] = []
    var chosen = Set<UInt128>()
    while mapped.count < allocated {
      let page = UInt128(random.next()) % windowPages
      if chosen.insert(page).inserted { mapped.append(page) }
    }
    for page in mapped {
      let translated = window.start + page << arch.offsetBits
      try builder.map(translated, permissions: Self.permissions(arch, random: &random), random: &random)
    }
    rootAddress = arch.address(of: builder.rootFrame)
    let image = builder.image()
    var questions: [Question] = []
    for _ in 0..<count {
      let offset = UInt128(random.next()) & (arch.pageSize - 1)
      let translated: UInt128
      if !mapped.isEmpty && random.next() % 2 == 0 {
        translated = window.start + mapped[Int(random.next() % UInt64(mapped.count))] << arch.offsetBits + offset
      } else {
        translated = window.start + (UInt128(random.next()) % windowPages) << arch.offsetBits + offset
      }
      let pointer = arch.pointer(forTranslated: translated)
      let walk: Walk
      do { walk = try image.walk(pointer, architecture: arch, rootAddress: rootAddress) } catch {
        throw ExerciseError("\(arch.name): \(error)")
      }
      questions.append(Question(virtualAddress: pointer, answer: walk))
    }
    self.questions = questions
    let printData = Int(arch.pageSize) <= Self.printedDataPageLimit
    pages = builder.pages.filter { printData || $0.isPageTable }.sorted { $0.frame < $1.frame }
  }

  /// Where the process's pages go: eight bottom-level tables' worth of
  /// addresses (the whole space on small machines) at a random aligned
  /// place in the user half, so the tables stay few enough to read.
  static func window(_ arch: Architecture, random: inout SplitMix64) -> (start: UInt128, size: UInt128) {
    let userSpace = arch.upperBits == .signExtend ? arch.addressSpaceBytes / 2 : arch.addressSpaceBytes
    let size = min(userSpace, UInt128(1) << arch.tableSpanBits(atLevel: arch.bottomLevel) * 8)
    let slots = userSpace / size
    return ((UInt128(random.next()) % slots) * size, size)
  }

  /// Mostly readable and writable user pages; some read-only, some kernel
  /// only (where the format can say so), executable at random.
  static func permissions(_ arch: Architecture, random: inout SplitMix64) -> Permissions {
    let draw = random.next()
    var permissions: Permissions = [.user]
    if arch.entryFormat.write == nil || draw % 4 != 0 { permissions.insert(.writable) }
    if arch.entryFormat.user != nil && (draw >> 8) % 8 == 0 { permissions.remove(.user) }
    if arch.entryFormat.execute == nil || (draw >> 16) % 2 == 0 { permissions.insert(.executable) }
    return permissions
  }
}

/// A request the exercise generator cannot satisfy, with the reason.
public struct ExerciseError: Error, Sendable, CustomStringConvertible {
  /// The reason, in one line.
  public let description: String
  /// An error with `description` as its reason.
  public init(_ description: String) { self.description = description }
}
