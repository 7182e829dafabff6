import Foundation
import PagingCore
import PagingSimulator
import Testing

/// The code of the article `Sources/PagingSimulator/PagingSimulator.docc/MappingForkAndExit.md`, compiled and run.
///
/// The lines between `BEGIN ARTICLE` and `END ARTICLE` are exactly the article's Swift code blocks, in order, one
/// blank line between blocks; `articleCodeIsThisTestsCode` fails when the two drift apart, so change both together.
/// The counts asserted after the article's code are the ones the article works out by hand.
@Suite struct ArticleExampleTests {
  @Test func mappingForkAndExit() throws {
    let x86 = builtin("x86-64")
    // BEGIN ARTICLE
    let machine = try Machine(architecture: x86, memoryBytes: 16 << 20)
    let parent = try machine.createProcess(name: "parent")

    var it = machine.iterator(for: parent, at: 0x40_0000)
    for _ in 0..<3 {
      let frame = try machine.memory.allocateData(owner: .data(process: parent.id))
      try it.map(to: x86.address(of: frame), permissions: [.writable, .user])
      it.next()
    }
    it.move(to: 0x7fff_ffff_f000)
    let readOnly = try machine.memory.allocateData(owner: .data(process: parent.id))
    try it.map(to: x86.address(of: readOnly), permissions: [.user])

    var reader = machine.iterator(for: parent)
    reader.findMapped(from: 0)
    var mapped: [UInt64] = []
    while !reader.isAtEnd {
      mapped.append(reader.address)
      reader.nextMapped()
    }
    let afterMapping = machine.report(label: "after mapping")

    let tableLevels = PageTablePages(memory: machine.memory, root: parent.root).map(\.level)

    let child = try machine.fork(parent, name: "child")
    let afterFork = machine.report(label: "after fork")
    let sharedOwner = machine.memory.owner(of: readOnly)

    try machine.exit(parent)
    let afterParentExit = machine.report(label: "after the parent exits")
    let staleIteratorRefused = (try? it.map(to: 0, permissions: [.user])) == nil

    try machine.exit(child)
    let end = machine.report(label: "end")
    // END ARTICLE

    // Mapping: three pages at 4 MiB share one PDPT, PD and PT; the page at the top of the lower half needs its own
    // three; with the root that is 7 tables, [1, 2, 2, 2] by level, and 4 data frames.
    #expect(mapped == [0x40_0000, 0x40_1000, 0x40_2000, 0x7fff_ffff_f000])
    #expect(afterMapping.pageTablePagesPerLevel == [1, 2, 2, 2])
    #expect(afterMapping.pageTablePages == 7)
    #expect(afterMapping.dataPages == 4)
    #expect(afterMapping.freeFrames == 4096 - 7 - 4)
    // Children before parents, the root not listed: PT, PD, PDPT of 4 MiB, then of the top page.
    #expect(tableLevels == [3, 2, 1, 3, 2, 1])
    // Fork: the child's tree has the same shape (7 more tables); its three writable pages are copies (3 more
    // frames); the read-only page is shared, so two page tables map it.
    #expect(afterFork.pageTablePagesPerLevel == [2, 4, 4, 4])
    #expect(afterFork.dataPages == 7)
    #expect(afterFork.freeFrames == 4096 - 14 - 7)
    #expect(afterFork.processes.map(\.dataPages) == [4, 4])
    #expect(sharedOwner == .shared(mappings: 2))
    // The parent's exit frees its 7 tables and 3 writable pages; the shared page stays, mapped by the child alone.
    #expect(afterParentExit.pageTablePages == 7)
    #expect(afterParentExit.dataPages == 4)
    #expect(afterParentExit.leakedFrames == 0)
    #expect(staleIteratorRefused)
    // The child's exit leaves memory as it started.
    #expect(end.totalPages == 0)
    #expect(end.freeFrames == 4096)
    #expect(end.leakedFrames == 0)
  }

  @Test func articleCodeIsThisTestsCode() throws {
    let tests = URL(fileURLWithPath: #filePath)
    let root = tests.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let article = try String(
      contentsOf: root.appendingPathComponent("Sources/PagingSimulator/PagingSimulator.docc/MappingForkAndExit.md"),
      encoding: .utf8)
    let test = try String(contentsOf: tests, encoding: .utf8)
    #expect(swiftBlocks(article).joined(separator: "\n\n") == markedRegion(test))
  }

  /// The contents of each fenced ```swift block, in order.
  private func swiftBlocks(_ markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if current == nil, line == "```swift" {
        current = []
      } else if let lines = current, line == "```" {
        blocks.append(lines.joined(separator: "\n"))
        current = nil
      } else {
        current?.append(line)
      }
    }
    return blocks
  }

  /// The lines between the markers, without the test body's indentation.
  private func markedRegion(_ source: String) -> String {
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    let markers = lines.indices.filter {
      lines[$0].hasSuffix("// BEGIN ARTICLE") || lines[$0].hasSuffix("// END ARTICLE")
    }
    guard markers.count == 2 else { return "" }
    return lines[(markers[0] + 1)..<markers[1]].map { $0.dropFirst(4) }.joined(separator: "\n")
  }
}
