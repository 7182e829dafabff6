import PagingCore
import Testing

/// The text renderings that live with the engine's types, against layouts
/// worked out by hand.
@Suite struct TextRenderingTests {
  /// Columns as wide as their widest cell plus two spaces, the last column
  /// unpadded, the header underlined to each column's width.
  @Test func textTableAlignsColumns() {
    var table = TextTable(header: ["level", "name"])
    table.append(["0", "PML4"])
    table.append(["1", "PDPT"])
    let expected = [
      "  level  name",
      "  -----  ----",
      "  0      PML4",
      "  1      PDPT",
    ]
    #expect(table.rendered(indent: 2) == expected.joined(separator: "\n"))
  }

  /// 48 - 12 = 36 translated bits over 4 KiB / 8 B = 512 = 2^9 entries a
  /// table: four levels of 9 bits.
  @Test func levelPlanOneLine() throws {
    let plan = try LevelPlan(virtualAddressBits: 48, pageSize: 4096, entrySize: 8)
    #expect(plan.text() == "48-bit addresses, 4 KiB pages, 8-byte entries: 4 levels (9 + 9 + 9 + 9, root first)")
  }

  /// 32-bit addresses, 4 KiB pages, 4-byte entries: 1024 = 2^10 entries a
  /// table, 20 bits to index, ceil(20 / 10) = 2 levels.
  @Test func levelPlanWorking() throws {
    let plan = try LevelPlan(virtualAddressBits: 32, pageSize: 4096, entrySize: 4)
    let lines = plan.text(explaining: true).split(separator: "\n").map(String.init)
    #expect(lines.count == 6)
    #expect(lines[2] == "  bits per level  10 (4 KiB / 4 bytes = 2^10 entries per table)")
    #expect(lines[4] == "  levels          ceil(20 / 10) = 2")
  }
}
