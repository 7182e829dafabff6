import Foundation
import PagingCore
import PagingDescriptors
import PagingJSON
import Testing

/// Every file in `BadDescriptors/` is `valid-baseline.json` with one thing
/// broken. Each expected message was worked out by hand from the file: the
/// line, the column of the value at fault (counted in characters), the field
/// path and the rule it breaks.
struct BadDescriptorTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var expected: String
    var testDescription: String { file }
  }

  static let cases: [Case] = [
    // Malformed JSON: json-c stops at the first character it cannot take.
    Case(file: "syntax-trailing-comma.json", expected: "23:1: invalid JSON: unexpected character"),
    Case(file: "syntax-single-quotes.json", expected: "8:16: invalid JSON: unexpected character"),
    Case(file: "syntax-unterminated.json", expected: "23:1: invalid JSON: unexpected end of input"),
    Case(file: "empty.json", expected: "1:1: invalid JSON: unexpected end of input"),
    Case(file: "invalid-utf8.json", expected: "4:22: not valid UTF-8 text (byte 0xFF)"),
    // Wrong types.
    Case(
      file: "wrong-type-string-for-integer.json",
      expected: "6:27: virtual_address_bits: expected an integer from 1 to 64, got \"thirty-two\""),
    Case(file: "wrong-type-sources.json", expected: "22:14: sources: expected an array, got \"A test fixture\""),
    Case(file: "root-not-object.json", expected: "1:1: (top level): expected an object, got an array"),
    Case(file: "fractional-entry-size.json", expected: "9:17: entry_size: expected an integer from 1 to 16, got 4.0"),
    // Missing and unknown keys.
    Case(file: "missing-key.json", expected: "1:1: page_size: missing required key"),
    Case(file: "missing-nested-key.json", expected: "20:14: entry_format.frame.bits: missing required key"),
    Case(file: "unknown-key.json", expected: "10:13: colour: unknown key"),
    Case(file: "unknown-level-key.json", expected: "11:47: levels[0].size: unknown key"),
    Case(file: "duplicate-key.json", expected: "4:3: name: duplicate key"),
    Case(
      file: "upper-bits-missing.json",
      expected:
        "1:1: upper_bits: required when pointer_bits (64) exceeds virtual_address_bits (32): sign_extend, zero or ignore"
    ),
    // Values out of range.
    Case(file: "out-of-range.json", expected: "12:35: levels[1].index_bits: expected an integer from 1 to 64, got 99"),
    Case(file: "negative-entry-size.json", expected: "9:17: entry_size: expected an integer from 1 to 16, got -8"),
    Case(
      file: "huge-integer.json",
      expected: "6:27: virtual_address_bits: expected an integer from 1 to 64, got 123456789012345678901234567890"),
    Case(file: "wrong-format-version.json", expected: "2:21: format_version: expected format version 1, got 2"),
    Case(
      file: "bad-name.json",
      expected: "3:11: name: expected lower-case letters, digits, '-', '_' or '.', got \"Bad Name\""),
    Case(
      file: "leaf-encoding-unknown.json",
      expected:
        "15:22: entry_format.leaf_encoding: expected \"large_page_bit\", \"table_bit\", \"permission_bits\", got \"magic\""
    ),
    Case(file: "bit-outside-entry.json", expected: "17:16: entry_format.present: bit 40 is outside a 32-bit entry"),
    // Parameters that disagree with each other.
    Case(
      file: "bits-do-not-add-up.json",
      expected: "10:13: levels: index bits 10 + 9 plus a 12-bit offset make 31 bits, but virtual_address_bits is 32"),
    Case(file: "page-size-not-power-of-two.json", expected: "8:16: page_size: 3000 is not a power of two"),
    Case(
      file: "table-bigger-than-page.json",
      expected:
        "11:35: levels[0].index_bits: 2^11 entries of 4 bytes need 8 KiB, more than one 4 KiB page holds; a root that spans several pages says so with \"pages\": 2"
    ),
    Case(file: "overlapping-flags.json", expected: "19:13: entry_format.user: overlaps writable"),
    Case(file: "frame-overlaps-flag.json", expected: "20:14: entry_format.frame: overlaps user"),
    Case(
      file: "frame-too-narrow.json",
      expected:
        "20:39: entry_format.frame.bits: 10 bits of frame number cannot address 32-bit physical memory in 4 KiB pages (needs 20)"
    ),
    Case(
      file: "large-page-wrong-size.json",
      expected: "11:53: levels[0].large_page: 2 MiB does not match the 4 MiB one PD entry spans"),
    Case(
      file: "large-page-at-bottom.json",
      expected:
        "12:53: levels[1].large_page: the bottom level maps base pages; large pages belong to the levels above it"),
    Case(
      file: "writable-and-read-only.json", expected: "14:19: entry_format: takes at most one of writable and read_only"),
    Case(
      file: "table-bit-with-large-page-bit.json",
      expected: "20:14: entry_format.table: applies only when leaf_encoding is table_bit"),
    Case(
      file: "large-page-frame-on-bottom.json",
      expected: "12:77: levels[1].entry_format.large_page_frame: applies only to a level with large pages"),
    // A choice of trees by the upper bits.
    Case(
      file: "upper-bits-unknown.json",
      expected:
        "8:17: upper_bits: expected \"sign_extend\", \"zero\", \"ignore\" or \"select_root\", got \"sign-extend\""),
    Case(
      file: "root-select-other-bits.json",
      expected: "9:69: root_select.other_bits: expected \"copies\" or \"zero\", got \"ones\""),
    Case(
      file: "root-select-value-too-wide.json",
      expected: "9:129: root_select.roots[1].value: 2 does not fit in a 1-bit selector"),
    // Columns count characters: "Café ☕" is 6 characters but 9 bytes.
    Case(file: "multibyte-column.json", expected: "4:32: notes[0]: expected a string, got 1"),
  ]

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("BadDescriptors")

  /// Reads and decodes a fixture the way `paging` does for a descriptor path.
  static func decode(_ file: String) throws(InputError) -> Architecture {
    let path = directory.appendingPathComponent(file).path
    return try ArchitectureDescriptor.decode(text: readTextFile(path), source: path)
  }

  @Test(arguments: cases)
  func badDescriptorGivesItsOneLineMessage(_ testCase: Case) throws {
    let error = #expect(throws: InputError.self) { try Self.decode(testCase.file) }
    let path = Self.directory.appendingPathComponent(testCase.file).path
    #expect(error?.description == "\(path):\(testCase.expected)")
    #expect(error?.description.contains("\n") == false)
  }

  /// Each bad file breaks exactly one rule, so the file it was made from must be good.
  @Test func baselineIsValid() throws {
    let architecture = try Self.decode("valid-baseline.json")
    #expect(architecture.name == "bad")
    #expect(architecture.levels.map(\.indexBits) == [10, 10])
  }

  /// The corpus and the table above cover the same files.
  @Test func everyFixtureHasAnExpectation() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
      .filter { $0.hasSuffix(".json") }.sorted()
    let covered = (Self.cases.map(\.file) + ["valid-baseline.json"]).sorted()
    #expect(files == covered)
  }
}
