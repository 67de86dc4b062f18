import Foundation
import IPCaseDomain

/// What the subject is told when a finding is recorded: the finding, and with it (两书同达) how to object
/// and from when it may apply for repair.
enum CreditNotice {
    static func recorded(_ record: CreditRecord, kind: LocalizedText) -> LocalizedText {
        LocalizedText(
            zh: "信用记录（\(record.decisionNumber)）：\(kind.zh)。如有异议，请于 \(record.objectionUntil) 前提出；"
                + "自 \(record.repairFrom) 起，履行法定义务并签署信用承诺书后可申请信用修复。",
            en: "Credit record (\(record.decisionNumber)): \(kind.en). You may object until \(record.objectionUntil); "
                + "from \(record.repairFrom) you may apply for credit repair, with proof that your obligations are fulfilled and a signed credit commitment.")
    }
}
