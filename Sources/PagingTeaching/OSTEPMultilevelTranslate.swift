/// OSTEP's `vm-smalltables/paging-multilevel-translate.py` (Operating
/// Systems: Three Easy Pieces, chapter 20 homework): one process's two-level
/// page table in a 4 KiB physical memory, dumped page by page, and virtual
/// addresses to translate, printed exactly as `python3` (3.11) prints it for
/// the same options.
///
///     var program = OSTEPMultilevelTranslate()
///     program.seed = 1
///     program.solve = true
///     let run = program.run()   // run.standardOutput == `python3 paging-multilevel-translate.py -s 1 -c`
///
/// The machine is fixed: 32-byte pages, 128 physical pages, a 15-bit virtual
/// address (5 bits of page-directory index, 5 of page-table index, 5 of
/// offset), one-byte entries whose top bit is the valid bit and whose low 7
/// bits are a page frame number. Unused entries hold 0x7f.
public struct OSTEPMultilevelTranslate: Sendable, Equatable {
  /// `-s/--seed`: the seed for Python's `random`.
  public var seed: PythonInt = 0
  /// `-a/--allocated`: how many virtual pages to map.
  public var allocated: PythonInt = 64
  /// `-n/--addresses`: how many virtual addresses to ask about.
  public var addressCount: PythonInt = 10
  /// `-c/--solve`: print each translation step and the value fetched.
  public var solve = false

  /// The program with the Python program's defaults.
  public init() {}

  /// Runs the program and collects its standard output.
  public func run() -> OSTEPProgramRun {
    OSTEPProgramRun { (output: inout String) throws(OSTEPProgramError) in try run(into: &output) }
  }

  /// Runs the program, writing standard output to `output` as it goes.
  ///
  /// A request for more pages than memory holds fails as the Python program
  /// does, with `AssertionError` when the 129th physical page is wanted.
  ///
  /// - Complexity: O(memory + allocated pages + addresses), plus redraws.
  public func run(into output: inout some TextOutputStream) throws(OSTEPProgramError) {
    try printLabeled("ARG seed", seed, to: &output)
    try printLabeled("ARG allocated", allocated, to: &output)
    try printLabeled("ARG num", addressCount, to: &output)
    printLine(to: &output)

    var machine = Machine(random: PythonRandom(seed: seed))
    // Every mapped page takes a physical page, so past 128 the allocation
    // has failed already: the clamp changes nothing but the loop's type.
    let pageCount = allocated.isNegative ? 0 : min(allocated.intValue ?? Int.max, Machine.physicalPages + 1)
    let mapped = try machine.allocateProcess(pages: pageCount)

    for page in 0..<Machine.physicalPages {
      var line = "page " + PythonInt.format(page, radix: 10, width: 3) + ":"
      for byte in machine.memory[page * Machine.pageSize..<(page + 1) * Machine.pageSize] {
        line += PythonInt.format(Int(byte), radix: 16, width: 2, zeroPadded: true)
      }
      printLine(line, to: &output)
    }
    printLine(
      "\nPDBR: \(machine.pageDirectory)  (decimal) [This means the page directory is held in this page]\n",
      to: &output)

    let count = addressCount.isNegative ? 0 : addressCount.intValue
    guard let count else { throw .unsupported("-n \(addressCount) is too large: at most \(Int.max) addresses") }
    for index in 0..<count {
      // The coin is drawn even when `index` is past the mapped pages.
      let coin = machine.random.random() * 100
      let address: Int
      if coin > 50.0 || index >= mapped.count {
        address = Int(machine.random.random() * 1024 * 32)
      } else {
        address = mapped[index] << 5 | Int(machine.random.random() * 32)
      }
      let hex = PythonInt.format(address, radix: 16, width: 4, zeroPadded: true)
      guard solve else {
        printLine(
          "Virtual Address \(hex): Translates To What Physical Address (And Fetches what Value)? Or Fault?",
          to: &output)
        continue
      }
      printLine("Virtual Address \(hex):", to: &output)
      machine.translate(address, output: &output)
    }
    printLine(to: &output)
  }
}

extension OSTEPMultilevelTranslate {
  /// The simulated memory, its free-page map and the process's page directory.
  struct Machine {
    static let pageSize = 32
    static let physicalPages = 128
    static let virtualPages = 1024
    static let emptyEntry: UInt8 = 0x7F

    var random: PythonRandom
    var memory = [UInt8](repeating: 0, count: pageSize * physicalPages)
    var pageTaken = [Bool](repeating: false, count: physicalPages)
    var pagesTaken = 0
    var pageDirectory = 0

    init(random: PythonRandom) { self.random = random }

    /// A free physical page drawn at random (redrawn until free).
    mutating func takeFreePage() throws(OSTEPProgramError) -> Int {
      guard pagesTaken < Self.physicalPages else { throw .pythonException("AssertionError") }
      var page = Int(random.random() * Double(Self.physicalPages))
      while pageTaken[page] { page = Int(random.random() * Double(Self.physicalPages)) }
      pageTaken[page] = true
      pagesTaken += 1
      return page
    }

    /// Fills a page-directory or page-table page with invalid entries.
    mutating func clear(page: Int) {
      for address in page * Self.pageSize..<(page + 1) * Self.pageSize { memory[address] = Self.emptyEntry }
    }

    /// Takes the page directory, then maps `pages` distinct random virtual
    /// pages, each to a fresh physical page filled with random bytes below 31.
    /// Returns the virtual pages in the order they were mapped.
    mutating func allocateProcess(pages: Int) throws(OSTEPProgramError) -> [Int] {
      pageDirectory = try takeFreePage()
      clear(page: pageDirectory)
      var virtualTaken = [Bool](repeating: false, count: Self.virtualPages)
      var mapped: [Int] = []
      for _ in 0..<pages {
        var vpn = Int(random.random() * Double(Self.virtualPages))
        while virtualTaken[vpn] { vpn = Int(random.random() * Double(Self.virtualPages)) }
        virtualTaken[vpn] = true
        mapped.append(vpn)
        let frame = try takeFreePage()
        try map(vpn: vpn, to: frame)
        for address in frame * Self.pageSize..<(frame + 1) * Self.pageSize {
          memory[address] = UInt8(random.random() * 31)
        }
      }
      return mapped
    }

    /// Points the entry for `vpn` at `frame`, taking a page-table page first
    /// when the directory entry is still invalid.
    private mutating func map(vpn: Int, to frame: Int) throws(OSTEPProgramError) {
      let directoryAddress = pageDirectory << 5 | vpn >> 5
      let tablePage: Int
      if memory[directoryAddress] & 0x80 == 0 {
        tablePage = try takeFreePage()
        memory[directoryAddress] = 0x80 | UInt8(tablePage)
        clear(page: tablePage)
      } else {
        tablePage = Int(memory[directoryAddress] & 0x7F)
      }
      memory[tablePage << 5 | vpn & 0x1F] = 0x80 | UInt8(frame)
    }

    /// Prints the walk for `address`: the directory entry, the table entry,
    /// and the physical address and byte, or which entry faults.
    func translate(_ address: Int, output: inout some TextOutputStream) {
      let directoryIndex = (address & 0x7C00) >> 10
      let directoryEntry = memory[pageDirectory << 5 | directoryIndex]
      printLine("  --> " + describe("pde", index: directoryIndex, entry: directoryEntry), to: &output)
      guard directoryEntry & 0x80 != 0 else {
        return printLine("      --> Fault (page directory entry not valid)", to: &output)
      }
      let tableIndex = (address & 0x03E0) >> 5
      let tableEntry = memory[Int(directoryEntry & 0x7F) << 5 | tableIndex]
      printLine("    --> " + describe("pte", index: tableIndex, entry: tableEntry), to: &output)
      guard tableEntry & 0x80 != 0 else {
        return printLine("      --> Fault (page table entry not valid)", to: &output)
      }
      let physical = Int(tableEntry & 0x7F) << 5 | address & 0x1F
      printLine(
        "      --> Translates to Physical Address 0x"
          + PythonInt.format(physical, radix: 16, width: 3, zeroPadded: true)
          + " --> Value: " + PythonInt.format(Int(memory[physical]), radix: 16, width: 2, zeroPadded: true),
        to: &output)
    }

    /// `KIND index:0x%x [decimal %d] KIND contents:0x%x (valid %d, pfn 0x%02x [decimal %d])`.
    private func describe(_ kind: String, index: Int, entry: UInt8) -> String {
      let frame = Int(entry & 0x7F)
      return "\(kind) index:0x" + String(index, radix: 16) + " [decimal \(index)] \(kind) contents:0x"
        + String(entry, radix: 16) + " (valid \(entry >> 7), pfn 0x"
        + PythonInt.format(frame, radix: 16, width: 2, zeroPadded: true) + " [decimal \(frame)])"
    }
  }
}
