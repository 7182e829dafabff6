import PagingCore

/// One page-table page found by ``PageTablePages``.
public struct PageTablePage: Equatable, Sendable, CustomStringConvertible {
  /// 0 is the root.
  public let level: Int
  /// Levels counted from the bottom, as x86 and WeensyOS print them: the
  /// tables that map pages are level 1.
  public let levelFromBottom: Int
  /// The level's name in the manual (PT, PD, L3, VPN[0] ...).
  public let levelName: String
  /// The frame that holds the page.
  public let frame: FrameNumber
  /// The page's physical address, frame × page size.
  public let physicalAddress: PhysicalAddress
  /// The translated addresses the table covers, `start ..< end`.
  public let start: UInt128
  /// The first translated address after the table's span.
  public let end: UInt128
  /// The first and last addresses the table covers as pointers: the
  /// upper half of x86-64 reads 0xffff800000000000, as `translate` takes it.
  public let firstPointer: UInt128
  /// The last address the table covers, as a pointer.
  public let lastPointer: UInt128

  /// One line as WeensyOS's `ptiter` examples print it:
  /// `0x0-0x1fffff: level 1 page-table page (PT) at pa 0x3ff000`.
  public var description: String {
    "\(formatHex(firstPointer))-\(formatHex(lastPointer)): level \(levelFromBottom) page-table page (\(levelName)) at pa \(formatHex(physicalAddress))"
  }
}

/// Every page-table page below the root, depth first with children before
/// their parents (so freeing them in this order never frees a table that a
/// later step still reads), in the spirit of WeensyOS's `ptiter`.
///
///     for page in PageTablePages(memory: memory, root: root) {
///       print(page)   // 0x0-0x1fffff: level 1 page-table page (PT) at pa 0x3ff000
///     }
///
/// - Complexity: O(*t* × *e*) for *t* tables of *e* entries, at most: each
///   entry of a table's written stretch is read once, in one walk when the
///   iteration starts. Independent of how much address space the tables map.
public struct PageTablePages: Sequence {
  /// The memory that holds the tables.
  public let memory: PhysicalMemory
  /// The frame of the root whose tables are visited; the root itself is not.
  public let root: FrameNumber

  /// The page-table pages below `root` in `memory`.
  public init(memory: PhysicalMemory, root: FrameNumber) {
    self.memory = memory
    self.root = root
  }

  /// An iterator that starts at the root.
  public func makeIterator() -> Iterator { Iterator(memory: memory, root: root) }

  /// Steps through the tables, keeping the path from the root.
  public struct Iterator: IteratorProtocol {
    private var tables: IndexingIterator<[(frame: FrameNumber, level: Int, base: UInt64)]>
    private let arch: Architecture

    init(memory: PhysicalMemory, root: FrameNumber) {
      arch = memory.architecture
      tables = TreeCensus.of(root: root, in: memory).tables.makeIterator()
    }

    /// The next table, a child before its parent; nil after the last.
    ///
    /// - Complexity: Amortized O(*e*) for tables of *e* entries: each entry of each table is read once over the walk.
    public mutating func next() -> PageTablePage? {
      guard let table = tables.next() else { return nil }
      let start = UInt128(table.base)
      let span = UInt128(1) << (arch.entrySpanBits(atLevel: table.level) + arch.levels[table.level].indexBits)
      return PageTablePage(
        level: table.level, levelFromBottom: arch.levelCount - table.level,
        levelName: arch.levels[table.level].name, frame: table.frame,
        physicalAddress: arch.address(of: table.frame),
        start: start, end: start + span,
        firstPointer: arch.pointer(forTranslated: start),
        lastPointer: arch.pointer(forTranslated: start + span - 1))
    }
  }
}
