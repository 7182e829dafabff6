import PagingJSON
import Testing

/// Writing through json-c: exact numbers of any size, escapes, member order,
/// and reading back what was written.
struct JSONValueTests {
  @Test func compactOutput() {
    let value: JSONValue = .object([
      ("b", .integer(1)), ("a", .array([.bool(true), .null, .string("x/y")])),
    ])
    // Members keep their order; "/" is not escaped.
    #expect(value.serialized(pretty: false) == #"{"b":1,"a":[true,null,"x/y"]}"#)
  }

  @Test func prettyOutputIndentsByTwo() {
    let value: JSONValue = .object([("page_size", .integer(4096)), ("levels", .array([.integer(9)]))])
    #expect(value.serialized() == "{\n  \"page_size\": 4096,\n  \"levels\": [\n    9\n  ]\n}")
  }

  @Test(arguments: [
    "0", "-1", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
    // 2^64, 2^100 and 2^128 - 1: beyond json-c's integers, written digit for digit.
    "18446744073709551616", "1267650600228229401496703205376", "340282366920938463463374607431768211455",
  ])
  func integersAreWrittenExactly(_ digits: String) throws {
    let written = JSONValue.array([.number(digits)]).serialized(pretty: false)
    #expect(written == "[\(digits)]")
    let reread = try JSONDocument(parsing: written, source: "w").rootField.array()[0]
    #expect(reread.integerLiteral == digits)
  }

  @Test func integerHelperTakesWideTypes() {
    #expect(JSONValue.integer(UInt128(1) << 100) == .number("1267650600228229401496703205376"))
    #expect(JSONValue.integer(-5) == .number("-5"))
  }

  @Test func stringsAreEscaped() throws {
    let text = "quote\" backslash\\ newline\n tab\t nul\u{0} control\u{1F} é ☃ 😀"
    let written = JSONValue.string(text).serialized(pretty: false)
    // Control characters must be escaped for the output to be JSON at all.
    #expect(!written.unicodeScalars.contains { $0.value < 0x20 })
    #expect(try JSONDocument(parsing: written, source: "w").root.value == .string(text))
  }

  @Test func nestedValuesRoundTrip() throws {
    let value: JSONValue = .object([
      ("name", .string("x86-64")),
      (
        "levels",
        .array([
          .object([("name", .string("PML4")), ("index_bits", .integer(9)), ("span", .number("549755813888"))]),
          .object([("name", .string("PT")), ("index_bits", .integer(9)), ("large", .null)]),
        ])
      ),
      ("huge", .number("2361183241434822606848")),  // 2^71
      ("ratio", .number("0.5")),
      ("empty_object", .object([])),
      ("empty_array", .array([])),
      ("flag", .bool(false)),
    ])
    for pretty in [true, false] {
      let reread = try JSONDocument(parsing: value.serialized(pretty: pretty), source: "w").root.value
      #expect(reread == value)
    }
  }

  @Test func equalityIsStructural() {
    #expect(
      JSONValue.object([("a", .integer(1)), ("b", .integer(2))])
        != JSONValue.object([("b", .integer(2)), ("a", .integer(1))]))
    #expect(JSONValue.number("1") != JSONValue.string("1"))
    #expect(JSONValue.array([.null]) == JSONValue.array([.null]))
  }
}
