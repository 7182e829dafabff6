import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Issue 14: each bad input gives one line and a non-zero status. Item
/// numbers refer to the issue's list.
@Suite struct BadInputEndToEndTests {
  /// Items 1 and 2: a size near 2^128 is refused, not rounded up past it.
  /// 2^128 - 1 bytes is far beyond x86-64's 2^48 = 256 TiB.
  @Test func hugeAllocationSizes() throws {
    for size in [
      "0xffffffffffffffffffffffffffffffff", "340282366920938463463374607431768211455",
      "0b" + String(repeating: "1", count: 128),
    ] {
      let result = try runPaging(["simulate", "--arch", "x86-64", "--allocations", "2", "--size", size])
      #expect(result.status == 2)
      #expect(
        result.standardError
          == "error: x86-64: an allocation of about 281474976710656.0 YiB (340282366920938463463374607431768211455 bytes) is larger than the 48-bit address space (256 TiB)\n"
      )
    }
    let scratch = try Scratch()
    let path = try scratch.write(
      "huge.json",
      scenarioText(
        steps: """
          [{"op": "create", "process": "a"},
           {"op": "allocate", "process": "a", "count": 2, "size": "0xffffffffffffffffffffffffffffff01"}]
          """))
    let result = try runPaging(["simulate", path])
    #expect(result.status == 2)
    #expect(result.standardError.hasPrefix("\(path):3:2: steps[1]: an allocation of "))
    #expect(result.standardError.hasSuffix(" is larger than the 48-bit address space (256 TiB)\n"))
  }

  /// Item 3: a root near the top of the 64-bit space faults in the walk.
  @Test func rootsNearTheTopOfTheSpace() throws {
    let scratch = try Scratch()
    let image = try scratch.write("one-byte.bin", bytes: [0x01])
    // Such roots lie beyond the physical address space (48 bits for
    // arm64-16k-48, 52 for PAE): refused by name. The walk's own checked
    // arithmetic is tested on the library (HardeningTests).
    let arm = try runPaging([
      "translate", "arm64-16k-48", "0xffffffffffffffff", "--memory", image,
      "--memory-format", "raw", "--root", "0xffffffffffffffff",
    ])
    #expect(arm.status == 2)
    #expect(
      arm.standardError == "error: --root: 0xffffffffffffffff is beyond arm64-16k-48's 48-bit physical address space\n")
    let pae = try runPaging([
      "translate", "x86-32-pae", "0xc0000000", "--memory", image, "--memory-format", "raw",
      "--root", "0xfffffffffffffff8",
    ])
    #expect(pae.status == 2)
    #expect(
      pae.standardError == "error: --root: 0xfffffffffffffff8 is beyond x86-32-pae's 52-bit physical address space\n")
    // A root inside the space but past the image faults in the walk.
    let inside = try runPaging([
      "translate", "x86-32-pae", "0xc0000000", "--memory", image, "--memory-format", "raw",
      "--root", "0xffffffffe0",
    ])
    #expect(inside.status == 0)
    // PDPT index 3 (bits 31:30 of 0xc0000000): 0xffffffffe0 + 3 × 8.
    #expect(
      inside.standardOutput.contains("fault at PDPT: the image has no bytes at 0xfffffffff8"),
      "\(inside.standardOutput)")
  }

  /// Item 11: echoed text is escaped and shortened, so the error stays one line.
  @Test func echoedTextIsEscaped() throws {
    let scratch = try Scratch()
    let descriptor = try String(
      contentsOf: packageRoot.appendingPathComponent(
        "Tests/PagingDescriptorsTests/BadDescriptors/../../../Architectures/x86-64.json"), encoding: .utf8)
    let bad = descriptor.replacingOccurrences(
      of: "\"upper_bits\": \"sign_extend\"", with: "\"upper_bits\": \"sign\\nextend\"")
    #expect(bad != descriptor)
    let path = try scratch.write("bad.json", bad)
    let result = try runPaging(["sizes", path])
    #expect(result.status == 2)
    #expect(isOneLine(result.standardError))
    #expect(result.standardError.contains("got \"sign\\nextend\""))

    let key = try scratch.write(
      "key.json", descriptor.replacingOccurrences(of: "\"title\"", with: "\"ti\\u001b[31mtle\": 1, \"title\""))
    let keyResult = try runPaging(["sizes", key])
    #expect(keyResult.status == 2)
    #expect(isOneLine(keyResult.standardError))
    #expect(keyResult.standardError.contains("[\"ti\\u001b[31mtle\"]: unknown key"))

    // Linux passes at most 128 KiB in one argument.
    let longName = String(repeating: "x", count: 100_000)
    let long = try runPaging(["sizes", longName])
    #expect(long.status == 2)
    #expect(
      long.standardError
        == "error: unknown architecture \"\(String(repeating: "x", count: 60))\"… (100000 characters): expected a descriptor path or one of \(builtinDescriptorNames.joined(separator: ", "))\n"
    )

    let process = try scratch.write(
      "process.json",
      scenarioText(
        steps: """
          [{"op": "exit", "process": "a\\u0000b\\nc"}]
          """))
    let processResult = try runPaging(["simulate", process])
    #expect(processResult.standardError == "\(process):2:12: steps[0]: there is no live process \"a\\u0000b\\nc\"\n")

    let ranges = try scratch.write("ranges.json", "[{\"start\": \"0x40\\n0000\", \"size\": \"4K\"}]")
    let rangesResult = try runPaging(["footprint", "x86-64", "--ranges", ranges])
    #expect(
      rangesResult.standardError
        == "\(ranges):1:12: [0].start: expected an address such as \"0x400000\", got \"0x40\\n0000\"\n")
  }

  /// Item 12: an unknown architecture inside a scenario is located.
  @Test func unknownArchitectureInAScenario() throws {
    let scratch = try Scratch()
    let path = try scratch.write("s.json", scenarioText(architectures: "[\"x86-64\", \"amd64\"]", steps: "[]"))
    let result = try runPaging(["simulate", path])
    #expect(result.status == 2)
    #expect(
      result.standardError.hasPrefix(
        "\(path):1:85: architectures[1]: unknown architecture \"amd64\" (did you mean x86-64?): "))
  }

  /// Item 13: errors at the field at fault.
  @Test func errorsAtTheRightField() throws {
    let scratch = try Scratch()
    let kernel = try scratch.write(
      "kernel.json",
      scenarioText(
        extra:
          "\n \"kernel\": [{\"start\": \"upper_half\", \"size\": \"2MiB\"}, {\"start\": \"upper_half\", \"size\": \"2MiB\"}],",
        steps: "[]"))
    let duplicate = try runPaging(["simulate", kernel])
    #expect(duplicate.standardError == "\(kernel):2:54: kernel[1]: overlaps kernel[0]: a kernel range is mapped once\n")

    let steps = """
      [{"op": "create", "process": "a"}, {"op": "allocate", "process": "a", "size": "8K", "start": "0x400000"}]
      """
    // A memory smaller than a page cannot be built: blamed on the field
    // that gives the size, or on the option that overrides it.
    let small = try scratch.write("small.json", scenarioText(extra: " \"physical_memory\": \"1\",", steps: steps))
    let given = try runPaging(["simulate", small])
    #expect(given.standardError == "\(small):1:105: physical_memory: physical memory smaller than one page\n")
    let option = try runPaging(["simulate", small, "--memory", "2"])
    #expect(option.standardError == "error: --memory: x86-64: physical memory smaller than one page\n")
    // Running out part-way is the step's doing.
    let tight = try scratch.write("tight.json", scenarioText(extra: " \"physical_memory\": \"8K\",", steps: steps))
    #expect(
      try runPaging(["simulate", tight]).standardError
        == "\(tight):2:46: steps[1]: out of physical memory allocating a level-1 page-table page\n")

    let ranges = try scratch.write("ranges.json", "[{\"start\": \"0x400000\", \"size\": \"2^60\"}]")
    let tooLarge = try runPaging(["footprint", "x86-64", "--ranges", ranges])
    #expect(
      tooLarge.standardError
        == "\(ranges):1:32: [0].size: 1 EiB (1152921504606846976 bytes) from 0x400000 would pass the non-canonical hole from 0x800000000000 to 0xffff7fffffffffff\n"
    )

    let unmap = try scratch.write(
      "unmap.json",
      scenarioText(
        steps: """
          [{"op": "create", "process": "a"}, {"op": "allocate", "process": "a", "size": "8K", "start": "0x400000"},
           {"op": "unmap", "process": "a", "start": "0x400000", "size": "2K"}]
          """))
    let part = try runPaging(["simulate", unmap])
    #expect(part.standardError == "\(unmap):3:2: steps[2]: unmapping part of a 4 KiB page at 0x400000\n")
  }

  /// Item 7: a job too big for the host is refused before it starts, with
  /// the estimate and the way out in the message.
  @Test func jobsBeyondTheHostAreRefused() throws {
    // 2^24 allocations each in a 2 MiB block of its own: 2^24 page tables of
    // 4 KiB, 64 GiB, before bookkeeping.
    let limited = try runPaging([
      "simulate", "--arch", "x86-64", "--allocations", "2^24", "--stride", "2M", "--size", "4K",
      "--host-memory-limit", "8G",
    ])
    #expect(limited.status == 2)
    #expect(limited.standardError.hasPrefix("error: x86-64: this job needs up to about 65."))
    #expect(
      limited.standardError.hasSuffix(
        " more than the budget of 8 GiB (set by --host-memory-limit); make the job smaller or give --host-memory-limit\n"
      ))
    // 2^47 bytes of 4 KiB pages need 2^26 page tables (256 GiB): beyond the
    // default budget, which is at most half of the machine's memory.
    let unlimited = try runPaging(["simulate", "--arch", "x86-64", "--size", "2^47"])
    #expect(unlimited.status == 2)
    #expect(unlimited.standardError.hasPrefix("error: x86-64: this job needs up to about "))
    #expect(unlimited.standardError.contains(", more than the budget of "))
    // Within budget, a job runs.
    let small = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--host-memory-limit", "64M"])
    #expect(small.status == 0)
  }

  /// Item 15: negative numbers are refused as numbers, not as missing values.
  @Test func negativeNumbers() throws {
    let vaBits = try runPaging(["levels", "--va-bits", "-1"])
    #expect(vaBits.status == 2)
    #expect(vaBits.standardError == "error: --va-bits: expected an integer from 1 to 64, got -1\n")
    let root = try runPaging(["translate", "x86-64", "0", "--memory", "/dev/null", "--root", "-1"])
    #expect(root.status == 64)
    #expect(
      root.standardError
        == "error: The value '-1' is invalid for '--root <root>': \"-1\" is negative: expected a number from 0 (see --help)\n"
    )
    let seed = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--random-seed", "-1"])
    #expect(seed.status == 64)
    #expect(
      seed.standardError
        == "error: The value '-1' is invalid for '--random-seed <random-seed>': \"-1\" is negative: expected a number from 0 (see --help)\n"
    )
    // A usage error is one line with what the user typed escaped.
    let raw = try runPaging(["footprint", "x86-64", "--pages", "1\n\u{1B}[31mX"])
    #expect(raw.status == 64)
    #expect(isOneLine(raw.standardError))
    #expect(raw.standardError.hasPrefix("error: The value '1\\n\\u001b[31mX' is invalid for '--pages <pages>': "))
    // 2^128 - 1 pages is a value, however wide the steps: refused by the
    // address space, not by the parser.
    let wide = try runPaging(["footprint", "x86-64", "--pages", "2^128-1"])
    #expect(wide.status == 2)
    #expect(!wide.standardError.contains("does not fit in 128 bits"))
  }

  /// Found by the inline-architecture fuzzer (Fuzz/Crashes/inline-architecture):
  /// huge or negative entry sizes and widths trapped in the conventional
  /// entry format before any range check.
  @Test func inlineOptionsOutOfRange() throws {
    let cases: [([String], String)] = [
      (
        ["sizes", "--va-bits", "48", "--entry-size", "1152921504606846976"],
        "error: --entry-size: expected 1, 2, 4, 8 or 16 bytes, got 1152921504606846976\n"
      ),
      (
        ["sizes", "--va-bits", "48", "--entry-size", "-1152921504606846976"],
        "error: --entry-size: expected 1, 2, 4, 8 or 16 bytes, got -1152921504606846976\n"
      ),
      (
        ["sizes", "--va-bits", "48", "--pa-bits", "-9223372036854775808"],
        "error: --pa-bits: expected an integer from 1 to 64, got -9223372036854775808\n"
      ),
      (
        ["footprint", "--va-bits", "65", "--pages", "1"], "error: --va-bits: expected an integer from 1 to 64, got 65\n"
      ),
    ]
    for (arguments, message) in cases {
      let result = try runPaging(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.standardError == message)
    }
  }

  /// Item 17: `levels` and `sizes --va-bits` share one default entry size.
  @Test func oneDefaultEntrySize() throws {
    // 32 - 12 = 20 bits; 4-byte entries give 10 bits a level: 2 levels.
    let levels = try runPaging(["levels", "--va-bits", "32"])
    #expect(levels.standardOutput == "32-bit addresses, 4 KiB pages, 4-byte entries: 2 levels (10 + 10, root first)\n")
    let sizes = try runPaging(["sizes", "--va-bits", "32", "--format", "json"]).json()
    #expect(sizes[0]?["levels"]?.arrayValue?.count == 2)
    let explained = try runPaging(["levels", "--va-bits", "48", "--explain"])
    #expect(explained.status == 0)
    #expect(explained.standardOutput.contains("levels          ceil(36 / 9) = 4"))
    for command in ["levels", "sizes"] {
      // Help wraps lines: compare with the wrapping taken out.
      let help = try runPaging([command, "--help"]).standardOutput.split(whereSeparator: \.isWhitespace).joined(
        separator: " ")
      #expect(help.contains("default 8, or 4 for 32-bit and narrower addresses"), "\(command)")
    }
  }

  /// Item 20: other tools' names get a suggestion.
  @Test(arguments: [
    ("x86_64", "x86-64"), ("amd64", "x86-64"), ("x64", "x86-64"), ("aarch64", "arm64-4k-48"),
    ("sv39", "riscv-sv39"), ("riscv-sv399", "riscv-sv39"),
  ])
  func suggestions(name: String, suggestion: String) throws {
    let result = try runPaging(["sizes", name])
    #expect(result.status == 2)
    #expect(result.standardError.hasPrefix("error: unknown architecture \"\(name)\" (did you mean \(suggestion)?): "))
  }

  /// Item 21: wording.
  @Test func wording() throws {
    let tiny = try runPaging(["sizes", "--va-bits", "20", "--page-size", "16"]).standardOutput
    #expect(tiny.hasPrefix("custom: 20-bit addresses, 16-byte pages, 4-byte entries\n"))
    let show = try runPaging(["show", "teaching-15"]).standardOutput
    #expect(show.contains("Entry format (1 byte, "))
    let scratch = try Scratch()
    let ranges = try scratch.write("one.json", "[{\"start\": \"0x400000\", \"size\": \"2MiB\"}]")
    let one = try runPaging(["footprint", "x86-64", "--ranges", ranges, "--large-pages", "--explain"]).standardOutput
    #expect(one.contains("1 range from "))
    #expect(one.contains("(holding 1 page of 2 MiB)"))
    let allocation = try runPaging(["footprint", "x86-64", "--allocations", "1", "--size", "4K"]).standardOutput
    #expect(allocation.contains("1 allocation of 4 KiB"))
    let usage = try runPaging(["list", "--bogus"])
    #expect(usage.standardError.hasPrefix("error: Unknown option '--bogus'"))
    // 2^18+1 pages plus tables and margin: not a round size, so it is shown
    // roughly in a larger unit as well as exactly.
    let memory = try runPaging(["simulate", "--arch", "x86-64", "--allocations", "2^18+1", "--size", "4K"])
    let firstLine = memory.standardOutput.prefix { $0 != "\n" }
    #expect(firstLine.contains("(physical memory about "), "\(firstLine)")
    let teaching = try runPaging(["simulate", "--arch", "teaching-15", "--size", "4K"])
    // 10-bit physical addresses: 1 KiB in all, less than 4 KiB of data.
    #expect(
      teaching.standardError.hasPrefix(
        "error: teaching-15: out of physical memory allocating a data page: the scenario needs "))
    #expect(teaching.standardError.hasSuffix(", but teaching-15's 10-bit physical addresses reach 1 KiB in all\n"))
  }
}
