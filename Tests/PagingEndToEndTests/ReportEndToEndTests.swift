// Names follow the manuals (x86_64, RLIMIT_AS) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation
import PagingTestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `paging report` on the built binary: the committed Reports/ must be what
/// the code generates, the HTML and SVG must parse, and sample numbers must
/// match hand calculations.
@Suite(.serialized) struct ReportEndToEndTests {
  static let generated: URL = {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-report-\(getpid())")
    try? FileManager.default.removeItem(at: directory)
    let result = try? runPaging(["report", "--output", directory.path], workingDirectory: packageRoot)
    precondition(result?.status == 0, "paging report failed: \(result?.standardError ?? "no result")")
    return directory
  }()

  static let charts = ["overhead-chart", "sparse-chart", "large-page-chart", "many-processes-chart", "levels-chart"]
  static let files =
    [
      "report.md", "report.html", "report.json", "geometry.csv", "classic.csv", "workloads.csv",
      "many-processes.csv", "levels-by-width.csv", "scenarios.csv",
    ] + charts.map { "\($0).svg" }

  @Test(arguments: files)
  func committedReportsMatchTheCode(name: String) throws {
    let fresh = try Data(contentsOf: Self.generated.appendingPathComponent(name))
    let committed = try Data(contentsOf: packageRoot.appendingPathComponent("Reports/\(name)"))
    // A Bool, not the two values: on a mismatch Swift Testing would diff
    // hundreds of kilobytes byte by byte, which takes many minutes.
    let same = fresh == committed
    #expect(
      same,
      "Reports/\(name) is stale (\(fresh.count) bytes fresh, \(committed.count) committed): run `make run` and commit Reports/"
    )
  }

  /// Parses a CSV file (RFC 4180 quoting) into rows of fields.
  func csv(_ name: String) throws -> [[String]] {
    let text = try String(contentsOf: Self.generated.appendingPathComponent(name), encoding: .utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text).makeIterator()
    while let character = characters.next() {
      if quoted {
        if character == "\"" {
          if let next = characters.next() {
            if next == "\"" {
              field.append("\"")
            } else {
              quoted = false
              if next == "," {
                row.append(field)
                field = ""
              } else if next == "\r\n" || next == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
              }
            }
          }
        } else {
          field.append(character)
        }
      } else if character == "\"" {
        quoted = true
      } else if character == "," {
        row.append(field)
        field = ""
      } else if character == "\r\n" || character == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(character)
      }
    }
    return rows
  }

  func row(_ rows: [[String]], _ architecture: String) throws -> [String: String] {
    let header = rows[0]
    let found = try #require(rows.first { $0.first == architecture })
    return Dictionary(uniqueKeysWithValues: zip(header, found))
  }

  @Test func classicCSVByHand() throws {
    let rows = try csv("classic.csv")
    #expect(
      rows[0] == [
        "architecture", "offset_bits", "addresses_per_page", "single_level_table_bytes", "bits_per_level",
        "page_table_pages_for_2^20_bytes", "page_table_pages_for_2^20_pages", "max_tables_per_level",
        "levels_for_64_bits", "total_pages_1_byte", "total_pages_1_page", "total_pages_2^9_pages",
        "total_pages_2^9+1_pages", "total_pages_2^18+1_pages",
      ])
    #expect(rows.dropFirst().allSatisfy { $0.count == rows[0].count })
    let x86_64 = try row(rows, "x86-64")
    #expect(x86_64["offset_bits"] == "12")
    #expect(x86_64["addresses_per_page"] == "512")
    #expect(x86_64["single_level_table_bytes"] == "549755813888")
    // 2^20 bytes = 256 pages: one table a level. 2^20 pages = 4 GiB: 2048 PTs, 4 PDs, 1, 1.
    #expect(x86_64["page_table_pages_for_2^20_bytes"] == "4")
    #expect(x86_64["page_table_pages_for_2^20_pages"] == "2054")
    #expect(x86_64["max_tables_per_level"] == "1, 512, 262144, 134217728")
    #expect(x86_64["levels_for_64_bits"] == "6 (7+9+9+9+9+9)")
    // Data pages + tables: 1+4, 1+4, 512+4, 513+5, 262145+517.
    #expect(
      [
        x86_64["total_pages_1_byte"], x86_64["total_pages_1_page"], x86_64["total_pages_2^9_pages"],
        x86_64["total_pages_2^9+1_pages"], x86_64["total_pages_2^18+1_pages"],
      ] == ["5", "5", "516", "518", "262662"])
    let x86_32 = try row(rows, "x86-32")
    #expect(x86_32["single_level_table_bytes"] == "4194304")
    // 2^20 pages is the whole 4 GiB space: all 1 + 1024 tables.
    #expect(x86_32["page_table_pages_for_2^20_pages"] == "1025")
    // 1+2, 1+2, 512+2, 513+2, 262145+258.
    #expect(
      [x86_32["total_pages_1_byte"], x86_32["total_pages_2^9+1_pages"], x86_32["total_pages_2^18+1_pages"]] == [
        "3", "515", "262403",
      ])
  }

  /// 500 processes × 8 GiB on x86-64: 4096 PTs + 8 PDs + 1 PDPT + 1 PML4 =
  /// 4106 pages each; 4106 × 500 × 4 KiB = 8409088000 bytes = 0.9789 of the region.
  @Test func manyProcessesByHand() throws {
    let rows = try csv("many-processes.csv")
    #expect(
      rows[0] == ["architecture", "pages", "page_table_pages_per_process", "page_table_bytes_total", "share_of_region"])
    let x86 = rows.filter { $0.first == "x86-64" }
    #expect(x86.map { $0[1] } == ["base pages", "1 GiB pages", "2 MiB pages"])
    #expect(x86[0][2] == "4106")
    #expect(x86[0][3] == "8409088000")
    #expect(x86[0][4] == "0.9789")
    // 1 GiB pages: PML4 + PDPT only, 2 × 500 × 4096 bytes.
    #expect(x86[1][3] == "4096000")
    // 2 MiB pages: 8 PDs + PDPT + PML4 = 10.
    #expect(x86[2][2] == "10")
  }

  @Test func workloadsCSVShape() throws {
    let rows = try csv("workloads.csv")
    #expect(
      rows[0] == [
        "architecture", "layout", "pages", "mapped_bytes", "page_table_pages", "page_table_bytes", "overhead",
      ])
    // 4 KiB contiguous on x86-64: 4 tables = 16 KiB, overhead 4.
    let first = try #require(
      rows.first { $0[0] == "x86-64" && $0[1] == "contiguous" && $0[2] == "base pages" && $0[3] == "4096" })
    #expect(first[4...] == ["4", "16384", "4.000"])
    #expect(rows.contains { $0[0] == "x86-64" && $0[1] == "sparse" })
  }

  final class SVGCollector: NSObject, XMLParserDelegate {
    var charts: [String: [String]] = [:]
    var current: String?
    var viewport = false
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if name == "meta", attributes["name"] == "viewport" { viewport = true }
      if name == "svg", attributes["class"] == "chart" {
        current = attributes["id"]
        charts[current ?? "", default: []] = []
      }
      if let series = attributes["data-series"], let current, !(charts[current]?.contains(series) ?? false) {
        charts[current, default: []].append(series)
      }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      if name == "svg" { current = nil }
    }
  }

  @Test func htmlIsWellFormedWithExpectedCharts() throws {
    let data = try Data(contentsOf: Self.generated.appendingPathComponent("report.html"))
    let parser = XMLParser(data: data)
    let collector = SVGCollector()
    parser.delegate = collector
    #expect(parser.parse(), "report.html is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    #expect(collector.viewport)
    #expect(Set(collector.charts.keys) == Set(Self.charts))
    // Identical curves share a line: every 48-bit space split 9+9+9+9 above
    // a 4 KiB page with a one-page root (x86-64 and its EPT, Sv48, 4 KiB
    // AArch64 stage 1 and stage 2) is one. Sv48x4's four-page root is not.
    #expect(
      collector.charts["overhead-chart"]?.contains("arm64-4k-48, arm64-s2-4k-48, riscv-sv48, x86-64, x86-64-ept4")
        == true)
    // x86-64's large pages are 2 MiB and 1 GiB; PSE's 4 MiB.
    #expect(
      Set(collector.charts["large-page-chart"] ?? []).isSuperset(of: [
        "base pages", "2 MiB pages", "1 GiB pages", "4 MiB pages",
      ]))
    #expect(collector.charts["levels-chart"]?.contains("4 KiB pages, 8-byte entries") == true)
    let html = String(decoding: data, as: UTF8.self)
    // Self-contained: one inline script, no external resources.
    #expect(html.components(separatedBy: "<script").count == 2)
    #expect(!html.contains("<script src") && !html.contains("<link") && !html.contains("<img"))
    // The only URLs are the XML namespace names, which are never fetched.
    let withoutNamespaces = html.replacingOccurrences(of: "http://www.w3.org/", with: "")
    #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"))
  }

  /// The levels chart has a point at every width: for 4 KiB pages and
  /// 8-byte entries the count changes at 22, 31, 40, 49 and 58 bits
  /// (levels = ceil((w - 12) / 9)), which the chart's marks must show.
  @Test func levelsChartStepsAtEveryWidth() throws {
    let html = try String(contentsOf: Self.generated.appendingPathComponent("report.html"), encoding: .utf8)
    let chart = try #require(
      html.components(separatedBy: "id=\"levels-chart\"").dropFirst().first?.components(separatedBy: "</svg>").first)
    let group = try #require(
      chart.components(separatedBy: "data-series=\"4 KiB pages, 8-byte entries\"").dropFirst().first?
        .components(separatedBy: "</g>\n</g>").first)
    var found: [Int: Int] = [:]
    for piece in group.components(separatedBy: "data-value=\"").dropFirst() {
      let value = Int(piece.prefix { $0 != "\"" })
      let x = piece.components(separatedBy: "data-x=\"").dropFirst().first.flatMap { Int($0.prefix { $0 != "\"" }) }
      if let value, let x { found[x] = value }
    }
    #expect(found.keys.sorted() == Array(13...64))
    for width in 13...64 { #expect(found[width] == (width - 12 + 8) / 9, "width \(width)") }
  }

  /// report.md shows every chart as an SVG file beside it, keeps table
  /// lines within about 120 characters and says "1 byte", not "1 bytes".
  @Test func markdownForACodeHost() throws {
    let text = try String(contentsOf: Self.generated.appendingPathComponent("report.md"), encoding: .utf8)
    for chart in Self.charts { #expect(text.contains("](\(chart).svg)"), "report.md shows \(chart)") }
    let wide = text.split(separator: "\n").filter { $0.hasPrefix("|") && $0.count > 130 }
    #expect(wide.isEmpty, "table lines wider than 130 characters: \(wide.prefix(2))")
    #expect(!text.contains(" 1 bytes"))
    #expect(text.contains("---:"))
  }

  @Test func scenariosAgreeInTheReport() throws {
    let rows = try csv("scenarios.csv")
    let agree = try #require(rows[0].firstIndex(of: "agree"))
    let leaked = try #require(rows[0].firstIndex(of: "leaked_frames"))
    #expect(rows.count > 20)
    #expect(rows.dropFirst().allSatisfy { $0[agree] != "NO" && $0[leaked] == "0" })
  }

  /// A failed run leaves the previous report intact.
  @Test func failedRunKeepsThePreviousReport() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-keep-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let marker = directory.appendingPathComponent("report.md")
    try "previous".write(to: marker, atomically: true, encoding: .utf8)
    let bad = directory.appendingPathComponent("bad.json")
    try "{ \"format_version\": 1, }".write(to: bad, atomically: true, encoding: .utf8)
    let result = try runPaging(
      ["report", "--scenario", bad.path, "--output", directory.path], workingDirectory: packageRoot)
    #expect(result.status == 2)
    #expect(try String(contentsOf: marker, encoding: .utf8) == "previous")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["bad.json", "report.md"])
  }
}
