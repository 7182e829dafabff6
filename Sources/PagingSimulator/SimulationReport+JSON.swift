import PagingCore
import PagingDescriptors
import PagingJSON

extension SimulationReport {
  /// One report point; the first keys match `paging footprint`'s.
  public func json(architecture arch: Architecture, predicted: [Int: Footprint] = [:]) -> JSONValue {
    .object(
      [("label", .string(label))]
        + Footprint.pageCountsJSON(
          dataPages: dataPages, pageTablePagesPerLevel: pageTablePagesPerLevel, totalPages: totalPages,
          pageSize: arch.pageSize) + [
          ("kernel_pages", .integer(kernelPages)),
          ("free_pages", .integer(freeFrames)),
          ("leaked_frames", .integer(leakedFrames)),
          (
            "processes",
            .array(
              processes.map { process in
                var members: [(String, JSONValue)] = [
                  ("id", .integer(process.id)),
                  ("name", .string(process.name)),
                  ("data_pages", .integer(process.dataPages)),
                  ("page_table_pages", .integer(process.pageTablePages)),
                  ("page_table_pages_per_level", .array(process.pageTablePagesPerLevel.map { .integer($0) })),
                ]
                if let prediction = predicted[process.id] {
                  members.append(
                    (
                      "predicted_page_table_pages_per_level",
                      .array(prediction.pageTablePagesPerLevel.map { .integer($0) })
                    ))
                  members.append(
                    ("matches_prediction", .bool(prediction.pageTablePagesPerLevel == process.pageTablePagesPerLevel)))
                }
                return .object(members)
              })
          ),
        ])
  }
}
