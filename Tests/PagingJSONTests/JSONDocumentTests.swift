import PagingJSON
import Testing

/// Positions, escapes, duplicate keys and exact numbers, each worked out by
/// counting characters in the literal text of the test.
struct JSONDocumentTests {
  private func parse(_ text: String) throws(JSONInputError) -> JSONDocument {
    try JSONDocument(parsing: text, source: "t.json")
  }

  private func errorMessage(_ text: String) -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error.description
    }
  }

  private func location(of node: JSONNode, in document: JSONDocument) -> String {
    let (line, column) = document.location(ofOffset: node.offset)
    return "\(line):\(column)"
  }

  @Test func valuesRememberWhereTheyStart() throws {
    // Line 1: {
    // Line 2:   "a": [1, true],     -> the array at column 8, true at column 12
    // Line 3:   "b": {"c": null}    -> the object at column 8, null at column 14
    // Line 4: }
    let document = try parse("{\n  \"a\": [1, true],\n  \"b\": {\"c\": null}\n}\n")
    let root = try document.rootField.object()
    let a = try root.required("a")
    #expect(location(of: a.node, in: document) == "2:8")
    #expect(location(of: try a.array()[1].node, in: document) == "2:12")
    let b = try root.required("b")
    #expect(location(of: b.node, in: document) == "3:8")
    #expect(location(of: try b.object().required("c").node, in: document) == "3:14")
    #expect(location(of: document.root, in: document) == "1:1")
  }

  @Test func columnsCountCharactersNotBytes() throws {
    // "é" is two bytes and "☕" three, but one column each: the 7 after them
    // is the 13th character of the line and the 16th byte (offset 15).
    let document = try parse("[\"é☕\", \"x\", 7]")
    let seven = try document.rootField.array()[2]
    #expect(seven.node.offset == 15)
    #expect(location(of: seven.node, in: document) == "1:13")
  }

  @Test func carriageReturnsStayOnTheirLine() throws {
    // CRLF: the \r is the last character of line 1; "b" is at 2:8.
    let document = try parse("{\r\n  \"a\": \"b\"}")
    let b = try document.rootField.object().required("a")
    #expect(location(of: b.node, in: document) == "2:8")
  }

  @Test func escapedQuotesDoNotConfuseTheScanner() throws {
    // The first string holds an escaped quote and a bracket; the 5 after it
    // must still be found at column 11: ["a\"]b", 5]
    let document = try parse(#"["a\"]b", 5]"#)
    let elements = try document.rootField.array()
    #expect(try elements[0].string() == "a\"]b")
    #expect(elements[1].integerLiteral == "5")
    #expect(location(of: elements[1].node, in: document) == "1:11")
  }

  @Test func escapesDecode() throws {
    let document = try parse(#"{"s": "tab\tnew\nquote\"slash\/e\u00e9 snow\u2603 pair\ud83d\ude00"}"#)
    let text = try document.rootField.object().required("s").string()
    #expect(text == "tab\tnew\nquote\"slash/eé snow☃ pair😀")
  }

  @Test func duplicateKeyIsReportedAtItsSecondOccurrence() {
    // {"a": 1, "b": 2, "a": 3}: the second "a" opens at column 18.
    #expect(errorMessage(#"{"a": 1, "b": 2, "a": 3}"#) == "t.json:1:18: a: duplicate key")
    // Nested, on the second line, after one space.
    #expect(errorMessage("{\"x\": {\"k\": 1,\n \"k\": 2}}") == "t.json:2:2: x.k: duplicate key")
    // Keys compare after unescaping: "\u0061" is "a"; the second key opens at column 15.
    #expect(errorMessage(#"{"\u0061": 1, "a": 2}"#) == "t.json:1:15: a: duplicate key")
    // Inside an array element.
    #expect(errorMessage(#"[{}, {"q": 1, "q": 1}]"#) == "t.json:1:15: [1].q: duplicate key")
  }

  @Test func syntaxErrorsAreLocated() {
    #expect(errorMessage("") == "t.json:1:1: invalid JSON: unexpected end of input")
    #expect(errorMessage("{\"a\": 1") == "t.json:1:8: invalid JSON: unexpected end of input")
    // Strict mode: no trailing commas, nothing after the value.
    #expect(errorMessage("[1,]")?.hasPrefix("t.json:1:4: invalid JSON: ") == true)
    #expect(errorMessage("{} x")?.hasPrefix("t.json:1:4: invalid JSON: ") == true)
    #expect(errorMessage("// comment\n{}")?.hasPrefix("t.json:1:1: invalid JSON: ") == true)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    let message = errorMessage(deep)
    #expect(message?.hasPrefix("t.json:1:") == true)
    #expect(message?.contains("invalid JSON") == true)
  }

  @Test func integersStayExact() throws {
    // 2^64 + 1 and 2^100 are wider than any machine integer; their digits survive.
    let document = try parse("[18446744073709551617, 1267650600228229401496703205376, -9223372036854775808, 1e3, 2.50]")
    let elements = try document.rootField.array()
    #expect(
      elements.map(\.integerLiteral) == [
        "18446744073709551617", "1267650600228229401496703205376", "-9223372036854775808", nil, nil,
      ])
    #expect(try elements[0].integer(in: UInt128(0)...UInt128.max) == (UInt128(1) << 64) + 1)
    #expect(try elements[1].integer(in: UInt128(0)...UInt128.max) == UInt128(1) << 100)
    #expect(try elements[2].integer(in: Int64.min...Int64.max) == Int64.min)
    #expect(elements[4].node.value == .number("2.50"))
  }

  @Test func integerOutOfRangeNamesTheFieldAndTheRange() throws {
    let document = try parse("{\"levels\": [{\"index_bits\": \"nine\"}, {\"index_bits\": 300}]}")
    let levels = try document.rootField.object().required("levels").array()
    let first = try levels[0].object().required("index_bits")
    // {"levels": [{"index_bits": "nine"}, ...: "nine" opens at column 28.
    #expect(
      throws: JSONInputError(
        source: "t.json", line: 1, column: 28, path: "levels[0].index_bits",
        message: "expected an integer from 1 to 32, got \"nine\"")
    ) {
      _ = try first.integer(in: 1...32) as Int
    }
    // 300 does not fit a UInt8 at all: still a message, never a trap.
    let second = try levels[1].object().required("index_bits")
    #expect(throws: JSONInputError.self) { _ = try second.integer(in: 0...255) as UInt8 }
  }

  @Test func missingAndUnknownKeys() throws {
    // {"a": 1, "zz": 2}: the object opens at column 1, the value of zz at column 16.
    let document = try parse(#"{"a": 1, "zz": 2}"#)
    let object = try document.rootField.object()
    #expect(throws: JSONInputError(source: "t.json", line: 1, column: 1, path: "b", message: "missing required key")) {
      _ = try object.required("b")
    }
    _ = try object.required("a")
    #expect(throws: JSONInputError(source: "t.json", line: 1, column: 16, path: "zz", message: "unknown key")) {
      try object.rejectUnknownKeys()
    }
    try object.rejectUnknownKeys(allowed: ["zz"])
  }

  @Test func typeMismatchDescribesWhatWasFound() throws {
    let document = try parse(#"[null, false, {}, [], "a very long string that goes on and on and on"]"#)
    let elements = try document.rootField.array()
    let found = elements.map { field -> String in
      do throws(JSONInputError) {
        _ = try field.integer(in: 0...1) as Int
        return ""
      } catch {
        return error.message
      }
    }
    #expect(
      found == [
        "expected an integer from 0 to 1, got null",
        "expected an integer from 0 to 1, got false",
        "expected an integer from 0 to 1, got an object",
        "expected an integer from 0 to 1, got an array",
        "expected an integer from 0 to 1, got \"a very long string that goes on and on a\"… (45 characters)",
      ])
  }

  @Test func bareScalarsAreDocuments() throws {
    #expect(try parse("null").root.value == .null)
    #expect(try parse("  42 \n").root.value == .number("42"))
    #expect(try parse("\"x\"").root.value == .string("x"))
    #expect(try parse("true").root.value == .bool(true))
    #expect(try parse("-7").root.value == .number("-7"))
    #expect(errorMessage("nul") == "t.json:1:4: invalid JSON: unexpected end of input")
  }
}
