/// OSTEP's `vm-paging/paging-linear-translate.py` (Operating Systems: Three
/// Easy Pieces, chapter 18 homework): a random linear page table and a trace
/// of virtual addresses to translate, printed exactly as `python3` (3.11)
/// prints it for the same options.
///
///     var program = OSTEPLinearTranslate()
///     program.seed = 1
///     program.solve = true
///     let run = program.run()   // run.standardOutput == `python3 paging-linear-translate.py -s 1 -c`
///
/// Sizes are the program's own syntax: decimal with an optional `k`, `m` or
/// `g` suffix (powers of 1024). Option values are kept as given, because the
/// program echoes them back.
public struct OSTEPLinearTranslate: Sendable, Equatable {
  /// `-A/--addresses`: comma-separated virtual addresses (decimal), or `-1`
  /// to draw `addressCount` addresses at random.
  public var addresses = "-1"
  /// `-s/--seed`: the seed for Python's `random`.
  public var seed: PythonInt = 0
  /// `-a/--asize`: the address space size (`16`, `64k`, `32m`, `1g`).
  public var addressSpaceSize = "16k"
  /// `-p/--physmem`: the physical memory size, same syntax.
  public var physicalMemorySize = "64k"
  /// `-P/--pagesize`: the page size, same syntax.
  public var pageSize = "4k"
  /// `-n/--numaddrs`: how many addresses to draw when `addresses` is `-1`.
  public var addressCount: PythonInt = 5
  /// `-u/--used`: the percentage of virtual pages that are valid.
  public var usedPercent: PythonInt = 50
  /// `-v`: print each page-table entry's VPN beside it.
  public var verbose = false
  /// `-c`: print the translations instead of the questions.
  public var solve = false

  /// The program with the Python program's defaults.
  public init() {}

  /// Runs the program and collects its standard output.
  public func run() -> OSTEPProgramRun {
    OSTEPProgramRun { (output: inout String) throws(OSTEPProgramError) in try run(into: &output) }
  }

  /// Runs the program, writing standard output to `output` as it goes (as
  /// Python does, so a failure leaves what came before it).
  ///
  /// - Complexity: O(virtual pages + addresses), plus retries when a drawn
  ///   physical page is taken.
  public func run(into output: inout some TextOutputStream) throws(OSTEPProgramError) {
    try printLabeled("ARG seed", seed, to: &output)
    printLine("ARG address space size " + addressSpaceSize, to: &output)
    printLine("ARG phys mem size " + physicalMemorySize, to: &output)
    printLine("ARG page size " + pageSize, to: &output)
    printLine("ARG verbose " + (verbose ? "True" : "False"), to: &output)
    printLine("ARG addresses " + addresses, to: &output)
    printLine(to: &output)

    var random = PythonRandom(seed: seed)
    let geometry = try Geometry(
      addressSpace: try Self.convert(addressSpaceSize),
      physicalMemory: try Self.convert(physicalMemorySize),
      page: try Self.convert(pageSize),
      output: &output)

    printLine(to: &output)
    for line in Self.formatExplanation { printLine(line, to: &output) }
    printLine(to: &output)
    printLine("Page Table (from entry 0 down to the max size)", to: &output)
    let pageTable = try fillPageTable(geometry, random: &random, output: &output)
    printLine(to: &output)

    printLine("Virtual Address Trace", to: &output)
    if addresses == "-1" {
      // Python draws the whole list before printing; nothing else draws in
      // between, so drawing as we print gives the same numbers.
      let count = addressCount.isNegative ? 0 : addressCount.intValue
      guard let count else {
        throw .unsupported("-n \(addressCount) is too large: at most \(Int.max) addresses")
      }
      for _ in 0..<count {
        let address = Int(Double(geometry.addressSpace) * random.random())
        try translate(PythonInt(address), geometry, pageTable, output: &output)
      }
    } else {
      // `str.split(',')` splits at every comma code point, even one a
      // combining mark would join to a Swift `Character`.
      for piece in addresses.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false) {
        let text = String(String.UnicodeScalarView(piece))
        switch PythonInt.parse(text, base: 10) {
        case .success(let address): try translate(address, geometry, pageTable, output: &output)
        case .failure(let failure):
          throw .pythonException(PythonInt.exceptionMessage(for: failure, text: text, base: 10))
        }
      }
    }
    printLine(to: &output)
    if !solve {
      printLine("For each virtual address, write down the physical address it translates to", to: &output)
      printLine("OR write down that it is an out-of-bounds address (e.g., segfault).", to: &output)
      printLine(to: &output)
    }
  }

  /// The text between the options and the page table.
  private static let formatExplanation = [
    "The format of the page table is simple:",
    "The high-order (left-most) bit is the VALID bit.",
    "  If the bit is 1, the rest of the entry is the PFN.",
    "  If the bit is 0, the page is not valid.",
    "Use verbose mode (-v) if you want to print the VPN # by",
    "each entry of the page table.",
  ]

  /// Draws and prints the page table: each virtual page is valid with
  /// probability `used`%, and a valid one maps a physical page drawn until
  /// a free one comes up. Entries are PFNs, -1 for invalid.
  private func fillPageTable(
    _ geometry: Geometry, random: inout PythonRandom, output: inout some TextOutputStream
  ) throws(OSTEPProgramError) -> [Int32] {
    guard geometry.virtualPages > 0 else { return [] }
    // `float(options.used)`, evaluated on the first pass of the loop.
    guard let used = usedPercent.doubleValue else {
      throw .pythonException("OverflowError: int too large to convert to float")
    }
    var frameTaken = [Bool](repeating: false, count: geometry.physicalPages)
    var pageTable: [Int32] = []
    pageTable.reserveCapacity(geometry.virtualPages)
    for vpn in 0..<geometry.virtualPages {
      var entry: Int32?
      while entry == nil {
        if random.random() * 100.0 > 100.0 - used {
          let frame = Int(Double(geometry.physicalPages) * random.random())
          guard frame < frameTaken.count else { throw .pythonException("IndexError: array index out of range") }
          if !frameTaken[frame] {
            frameTaken[frame] = true
            entry = Int32(frame)
          }
        } else {
          entry = -1
        }
      }
      let value = entry ?? -1
      let prefix = verbose ? "  [" + PythonInt.format(vpn, radix: 10, width: 8) + "]  " : "  "
      let word = value < 0 ? 0 : 0x8000_0000 | Int(value)
      printLine(prefix + "0x" + PythonInt.format(word, radix: 16, width: 8, zeroPadded: true), to: &output)
      pageTable.append(value)
    }
    return pageTable
  }

  /// Prints one line of the trace: the question, or with `-c` the answer.
  private func translate(
    _ address: PythonInt, _ geometry: Geometry, _ pageTable: [Int32], output: inout some TextOutputStream
  ) throws(OSTEPProgramError) {
    let head =
      "  VA 0x" + address.formattedHexadecimal(width: 8, zeroPadded: true)
      + " (decimal: " + address.formattedDecimal(width: 8) + ") -->"
    guard solve else { return printLine(head + " PA or invalid address?", to: &output) }
    let low = address.low32Bits
    let vpn = Int((low & geometry.vpnMask) >> UInt32(geometry.pageBits))
    guard vpn < pageTable.count else { throw .pythonException("IndexError: array index out of range") }
    let frame = pageTable[vpn]
    guard frame >= 0 else { return printLine(head + "  Invalid (VPN \(vpn) not valid)", to: &output) }
    let physical = Int(frame) << geometry.pageBits | Int(low & geometry.offsetMask)
    printLine(
      head + " " + PythonInt.format(physical, radix: 16, width: 8, zeroPadded: true)
        + " (decimal " + PythonInt.format(physical, radix: 10, width: 8) + ") [VPN \(vpn)]",
      to: &output)
  }

  /// The program's `convert`: an integer with an optional `k`, `m` or `g`
  /// (either case) multiplying it by 1024, 1024² or 1024³.
  static func convert(_ text: String) throws(OSTEPProgramError) -> PythonInt {
    guard let last = text.unicodeScalars.last else {
      throw .pythonException("IndexError: string index out of range")
    }
    let powers: Int
    switch last {
    case "k", "K": powers = 1
    case "m", "M": powers = 2
    case "g", "G": powers = 3
    default: powers = 0
    }
    let digits = powers == 0 ? text : String(String.UnicodeScalarView(text.unicodeScalars.dropLast()))
    switch PythonInt.parse(digits, base: 10) {
    case .success(var value):
      for _ in 0..<powers { value = value.multiplied(by: 1024) }
      return value
    case .failure(let failure):
      throw .pythonException(PythonInt.exceptionMessage(for: failure, text: digits, base: 10))
    }
  }
}

extension OSTEPLinearTranslate {
  /// The sizes after the program's checks, in the order it makes them.
  struct Geometry {
    let addressSpace: Int
    let pageBits: Int
    let physicalPages: Int
    let virtualPages: Int
    var offsetMask: UInt32 { UInt32(1) << UInt32(pageBits) &- 1 }
    var vpnMask: UInt32 { ~offsetMask }

    init(
      addressSpace: PythonInt, physicalMemory: PythonInt, page: PythonInt, output: inout some TextOutputStream
    ) throws(OSTEPProgramError) {
      func refuse(_ message: String) -> OSTEPProgramError {
        printLine(message, to: &output)
        return .refused(message: message)
      }
      if physicalMemory <= 1 { throw refuse("Error: must specify a non-zero physical memory size.") }
      if addressSpace < 1 { throw refuse("Error: must specify a non-zero address-space size.") }
      if physicalMemory <= addressSpace {
        throw refuse("Error: physical memory size must be GREATER than address space size (for this simulation)")
      }
      let gigabyte = PythonInt(1 << 30)
      guard physicalMemory < gigabyte, addressSpace < gigabyte,
        let virtualSize = addressSpace.intValue, let physicalSize = physicalMemory.intValue
      else { throw refuse("Error: must use smaller sizes (less than 1 GB) for this simulation.") }

      // `int(float(size) / float(page)) != size / page`: exact here, since
      // both sizes are below 2^30; a page larger than the size never divides it.
      guard let pageDouble = page.doubleValue else {
        throw .pythonException("OverflowError: int too large to convert to float")
      }
      if pageDouble == 0 { throw .pythonException("ZeroDivisionError: float division by zero") }
      let pageSize = page.intValue ?? Int.max
      guard pageSize.magnitude <= virtualSize.magnitude, virtualSize % pageSize == 0 else {
        throw refuse("Error in argument: address space must be a multiple of the pagesize")
      }
      guard physicalSize % pageSize == 0 else {
        throw refuse("Error in argument: physical memory must be a multiple of the pagesize")
      }

      // `int(math.log(size) / math.log(2))` is exact for every power of two
      // below 2^31 (checked against python3), so "is a power of two" is the test.
      guard virtualSize.nonzeroBitCount == 1 else {
        throw refuse("Error in argument: address space must be a power of 2")
      }
      if pageSize < 0 { throw .pythonException("ValueError: math domain error") }
      guard pageSize.nonzeroBitCount == 1 else { throw refuse("Error in argument: page size must be a power of 2") }

      self.addressSpace = virtualSize
      pageBits = pageSize.trailingZeroBitCount
      physicalPages = physicalSize / pageSize
      virtualPages = virtualSize / pageSize
    }
  }
}
