import PagingReports
import Testing

/// Coinciding series drawn once under all their names, and styles that
/// keep many series apart.
@Suite struct SeriesTests {
  func series(_ name: String, _ ys: [Double]) -> ChartSeries {
    ChartSeries(
      names: [name], architectures: [name],
      points: ys.enumerated().map { index, y in
        .init(x: Double(index), y: y, value: "\(y)", caption: "", references: ["\(name):\(index)"])
      })
  }

  @Test func coincidingSeriesMerge() {
    let merged = mergeCoincidingSeries([series("a", [1, 2]), series("b", [1, 3]), series("c", [1, 2])])
    #expect(merged.count == 2)
    #expect(merged[0].names == ["a", "c"])
    #expect(merged[0].label == "a, c")
    #expect(merged[0].architectures == ["a", "c"])
    #expect(merged[0].points[1].references == ["a:1", "c:1"])
    #expect(merged[1].names == ["b"])
  }

  @Test func seriesThatOnlyShareSomePointsStaySeparate() {
    // Same start, different length: not the same line.
    let merged = mergeCoincidingSeries([series("a", [1, 2]), series("b", [1, 2, 3])])
    #expect(merged.map(\.names) == [["a"], ["b"]])
  }

  @Test func twentyFourStylesAllDiffer() {
    // Colour, shape and dash cycle at 8, 6 and 4: their least common multiple is 24.
    let styles = (0..<24).map { SeriesStyle(index: $0) }
    let distinct = Set(styles.map { "\($0.colour) \($0.shape) \($0.dash)" })
    #expect(distinct.count == 24)
    // Neighbours differ in every one of the three.
    for index in 1..<24 {
      #expect(styles[index].colour != styles[index - 1].colour)
      #expect(styles[index].shape != styles[index - 1].shape)
      #expect(styles[index].dash != styles[index - 1].dash)
    }
  }
}
