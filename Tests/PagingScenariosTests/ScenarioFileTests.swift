import PagingDescriptors
import PagingScenarios
import PagingSimulator
import Testing

/// Scenario files meet the descriptors' error standard. Each expected line
/// and column was counted by hand in the text below (4 spaces, then `{` at
/// column 5, for every step).
struct ScenarioFileTests {
  static let lines = [
    "{",
    "  \"format_version\": 1,",
    "  \"title\": \"t\",",
    "  \"description\": \"d\",",
    "  \"architectures\": [\"x86-64\"],",
    "  \"steps\": [",
    "    { \"op\": \"create\", \"process\": \"a\" },",
    "    { \"op\": \"allocate\", \"process\": \"a\", \"count\": 513, \"size\": \"4KiB\" },",
    "    { \"op\": \"report\", \"label\": \"after\" }",
    "  ]",
    "}",
  ]

  /// The base text with line `number` (1-based) replaced.
  static func text(replacing number: Int, with line: String) -> String {
    var lines = Self.lines
    lines[number - 1] = line
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func baseScenarioDecodes() throws {
    let file = try ScenarioFile.decode(text: Self.lines.joined(separator: "\n"), source: "s.json")
    #expect(file.scenario.steps.count == 3)
    #expect(file.scenario.architectures == ["x86-64"])
  }

  @Test(arguments: [
    (
      7, "    { \"op\": \"spawn\", \"process\": \"a\" },",
      "s.json:7:13: steps[0].op: expected \"create\", \"allocate\", \"unmap\", \"fork\", \"exit\", \"report\", got \"spawn\""
    ),
    (
      8, "    { \"op\": \"allocate\", \"process\": \"a\", \"count\": \"many\", \"size\": \"4KiB\" },",
      "s.json:8:50: steps[1].count: expected a count such as 513 or \"2^9+1\", got \"many\""
    ),
    (
      8, "    { \"op\": \"allocate\", \"process\": \"a\", \"count\": 513 },",
      "s.json:8:5: steps[1].size: missing required key"
    ),
    (
      9, "    { \"op\": \"report\", \"label\": \"after\", \"colour\": 1 }",
      "s.json:9:51: steps[2].colour: unknown key"
    ),
    (
      5, "  \"architectures\": [],",
      "s.json:5:20: architectures: name at least one architecture"
    ),
  ])
  func badScenarioGivesOneLocatedLine(line: Int, replacement: String, expected: String) {
    let error = #expect(throws: InputError.self) {
      _ = try ScenarioFile.decode(text: Self.text(replacing: line, with: replacement), source: "s.json")
    }
    #expect(error?.description == expected)
  }

  /// Sizes and offsets past 128 bits are errors, not traps.
  @Test func hugeNumbersAreErrors() throws {
    let text = """
      {"format_version": 1, "title": "t", "description": "d", "architectures": ["x86-64"],
       "kernel": [{"start": "upper_half", "size": "2^127"}, {"start": "upper_half", "size": "2^127"}],
       "steps": [{"op": "create", "process": "a"},
                 {"op": "allocate", "process": "a", "start": "upper_half+0xffffffffffffffffffffffffffffffff", "size": "4KiB"}]}
      """
    let file = try ScenarioFile.decode(text: text, source: "s.json")
    let architecture = try #require(BuiltinArchitectures.named("x86-64"))
    #expect(throws: (any Error).self) { _ = try file.scenario.run(on: architecture) }
  }
}
