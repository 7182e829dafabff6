import PagingTeaching
import PagingTestSupport
import Testing

/// Every combination the programs refuse, one test each: the message the
/// Python program prints to standard output (or the exception it stops
/// with) and status 1. The fixtures hold the full outputs for these too.
@Suite struct RefusalTests {
  static func linear(_ configure: (inout OSTEPLinearTranslate) -> Void) -> OSTEPProgramRun {
    var program = OSTEPLinearTranslate()
    configure(&program)
    return program.run()
  }

  /// The run stopped with `message` printed last, after the option echo.
  static func expectRefusal(
    _ run: OSTEPProgramRun, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(run.failure == .refused(message: message), sourceLocation: sourceLocation)
    #expect(run.exitStatus == 1, sourceLocation: sourceLocation)
    #expect(run.standardOutput.hasPrefix("ARG seed 0\n"), sourceLocation: sourceLocation)
    #expect(run.standardOutput.hasSuffix("\n\n" + message + "\n"), sourceLocation: sourceLocation)
  }

  // MARK: - Messages paging-linear-translate.py prints

  @Test func physicalMemoryOfOneByteOrLess() {
    let message = "Error: must specify a non-zero physical memory size."
    Self.expectRefusal(Self.linear { $0.physicalMemorySize = "1" }, message)
    Self.expectRefusal(Self.linear { $0.physicalMemorySize = "0" }, message)
    Self.expectRefusal(Self.linear { $0.physicalMemorySize = "-4k" }, message)
  }

  @Test func emptyAddressSpace() {
    Self.expectRefusal(Self.linear { $0.addressSpaceSize = "0" }, "Error: must specify a non-zero address-space size.")
  }

  @Test func physicalMemoryNotLargerThanAddressSpace() {
    Self.expectRefusal(
      Self.linear { $0.addressSpaceSize = "64k" },
      "Error: physical memory size must be GREATER than address space size (for this simulation)")
  }

  @Test func sizesOfAGigabyteOrMore() {
    let message = "Error: must use smaller sizes (less than 1 GB) for this simulation."
    Self.expectRefusal(Self.linear { $0.physicalMemorySize = "1g" }, message)
    Self.expectRefusal(
      Self.linear {
        $0.addressSpaceSize = "2g"
        $0.physicalMemorySize = "4g"
      }, message)
    // Far past 64 bits: compared exactly, as Python does.
    Self.expectRefusal(Self.linear { $0.physicalMemorySize = "99999999999999999999999999999k" }, message)
  }

  @Test func addressSpaceNotAMultipleOfThePageSize() {
    let message = "Error in argument: address space must be a multiple of the pagesize"
    Self.expectRefusal(Self.linear { $0.pageSize = "3k" }, message)
    Self.expectRefusal(Self.linear { $0.pageSize = "32k" }, message)
    Self.expectRefusal(Self.linear { $0.pageSize = "99999999999999999999999" }, message)
  }

  @Test func physicalMemoryNotAMultipleOfThePageSize() {
    Self.expectRefusal(
      Self.linear { $0.physicalMemorySize = "66k" },
      "Error in argument: physical memory must be a multiple of the pagesize")
  }

  @Test func addressSpaceNotAPowerOfTwo() {
    Self.expectRefusal(
      Self.linear {
        $0.addressSpaceSize = "24k"
        $0.physicalMemorySize = "48k"
        $0.pageSize = "8k"
      },
      "Error in argument: address space must be a power of 2")
  }

  /// "page size must be a power of 2" cannot be reached: the page size
  /// divides the address space, which is a power of two by then. A page of
  /// 48 bytes fails the earlier check.
  @Test func pageSizeNotAPowerOfTwoFailsEarlier() {
    Self.expectRefusal(
      Self.linear {
        $0.physicalMemorySize = "48k"
        $0.pageSize = "48"
      },
      "Error in argument: address space must be a multiple of the pagesize")
  }

  // MARK: - Where Python stops with an exception

  @Test(arguments: [
    ("pageSize 0", "ZeroDivisionError: float division by zero"),
    ("pageSize -4k", "ValueError: math domain error"),
    ("pageSize 2^1024", "OverflowError: int too large to convert to float"),
    ("addressSpaceSize empty", "IndexError: string index out of range"),
    ("physicalMemorySize k", "ValueError: invalid literal for int() with base 10: ''"),
    ("pageSize 4x", "ValueError: invalid literal for int() with base 10: '4x'"),
    ("addresses 1,,2", "ValueError: invalid literal for int() with base 10: ''"),
    ("addresses 0,16384 solved", "IndexError: array index out of range"),
    ("usedPercent 2^1024", "OverflowError: int too large to convert to float"),
  ])
  func linearExceptions(_ setting: String, _ exception: String) {
    let run = Self.linear { program in
      switch setting {
      case "pageSize 0": program.pageSize = "0"
      case "pageSize -4k": program.pageSize = "-4k"
      case "pageSize 2^1024", "usedPercent 2^1024":
        let huge = PythonInt(optparseArgument: "0x1" + String(repeating: "0", count: 256)) ?? 0
        if setting.hasPrefix("page") { program.pageSize = huge.description } else { program.usedPercent = huge }
      case "addressSpaceSize empty": program.addressSpaceSize = ""
      case "physicalMemorySize k": program.physicalMemorySize = "k"
      case "pageSize 4x": program.pageSize = "4x"
      case "addresses 1,,2": program.addresses = "1,,2"
      default:
        program.addresses = "0,16384"
        program.solve = true
      }
    }
    #expect(run.failure == .pythonException(exception))
    #expect(run.exitStatus == 1)
  }

  @Test func tooManyAddressesToCount() {
    var program = OSTEPLinearTranslate()
    program.addressCount = PythonInt(optparseArgument: "0x10000000000000000") ?? 0
    let run = program.run()
    guard case .unsupported = run.failure else {
      Issue.record("expected .unsupported, got \(String(describing: run.failure))")
      return
    }
    #expect(run.exitStatus == 1)
  }

  // MARK: - paging-multilevel-translate.py

  /// 128 physical pages hold the directory, the tables and the data pages:
  /// Python's `assert` in `findFree` stops the program after the echo.
  @Test func moreVirtualPagesThanMemoryHolds() {
    for allocated in [127, 200, 1_000_000] {
      var program = OSTEPMultilevelTranslate()
      program.allocated = PythonInt(allocated)
      let run = program.run()
      #expect(run.failure == .pythonException("AssertionError"))
      #expect(run.standardOutput == "ARG seed 0\nARG allocated \(allocated)\nARG num 10\n\n")
    }
  }

  /// `print('ARG seed', n)` writes the label and a space before `str(n)` fails.
  @Test func seedPastFourThousandThreeHundredDigits() {
    var program = OSTEPMultilevelTranslate()
    program.seed = PythonInt(optparseArgument: "0x" + String(repeating: "f", count: 4000)) ?? 0
    let run = program.run()
    #expect(run.failure == .pythonException(PythonInt.decimalConversionLimitMessage))
    #expect(run.standardOutput == "ARG seed ")
  }

  @Test func tooManyAddressesToAsk() {
    var program = OSTEPMultilevelTranslate()
    program.addressCount = PythonInt(optparseArgument: "0x10000000000000000") ?? 0
    guard case .unsupported = program.run().failure else {
      Issue.record("expected .unsupported")
      return
    }
  }

  // MARK: - optparse, through the command line

  /// optparse refuses a value that is not an integer with status 2 before
  /// printing anything. (optparse names the option as typed; the message
  /// here always names the short form.)
  @Test(arguments: [
    ["linear-translate", "-s", "abc"], ["linear-translate", "-n", "08"], ["linear-translate", "-u", "1.5"],
    ["multilevel-translate", "-a", "0x"], ["multilevel-translate", "--seed", "-0x10"],
  ])
  func invalidIntegerOptions(_ arguments: [String]) throws {
    let result = try runPaging(["ostep"] + arguments)
    #expect(result.status == 2)
    #expect(result.standardOutput == "")
    let option = arguments[1] == "--seed" ? "-s" : arguments[1]
    #expect(result.standardError == "error: option \(option): invalid integer value: '\(arguments[2])'\n")
  }
}
