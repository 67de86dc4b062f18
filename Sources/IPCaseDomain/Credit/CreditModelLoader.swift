import Crypto
import Foundation
import Yams

extension CreditModel {
    /// Reads and validates `credit-model.yaml`; every problem is reported with its line, at once.
    public static func load(_ source: PolicySource) throws(PolicyValidationError) -> CreditModel {
        var reader = CreditModelReader(file: PolicyYAMLFile(path: source.path))
        guard let root = reader.file.parse(source.text), var model = reader.read(root), reader.file.problems.isEmpty else {
            throw PolicyValidationError(problems: reader.file.problems)
        }
        model.kindIndex = Dictionary(model.kinds.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        model.hash = SHA256.hash(data: Data(source.text.utf8)).map { String(format: "%02x", $0) }.joined()
        return model
    }
}

/// Turns the YAML tree into a model, checking what would make a grade wrong: the seven kinds of art. 6
/// each with negative points and a tier, positive kinds without one, publication ranges that close,
/// bands from best to worst ending at 0, and supervision for every grade.
struct CreditModelReader {
    var file: PolicyYAMLFile

    private static let keys: Set<String> = [
        "version", "base", "tiers", "kinds", "positiveValidityMonths", "measures", "grades", "supervision", "objectionDays",
        "timeZone", "recordDocuments",
    ]

    mutating func read(_ root: Node) -> CreditModel? {
        guard let entries = file.mapping(root, "the credit model", allowedKeys: Self.keys) else { return nil }
        let values = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for key in Self.keys where values[key] == nil { file.report("\(key) is required", line: 1) }
        guard Self.keys.allSatisfy({ values[$0] != nil }) else { return nil }

        let version = file.string(values["version"]!, "version") ?? ""
        let base = file.integer(values["base"]!, "base", in: 1...1000) ?? 100
        let tiers = readTiers(values["tiers"]!)
        let kinds = readKinds(values["kinds"]!)
        let validity = file.integer(values["positiveValidityMonths"]!, "positiveValidityMonths", in: 1...120) ?? 12
        let (measuresMonths, maximum, measures) = readMeasures(values["measures"]!)
        let (bands, plus, dishonest) = readGrades(values["grades"]!)
        let grades = [plus] + bands.map(\.grade)
        let supervision = readSupervision(values["supervision"]!, grades: grades)
        let objectionDays = file.integer(values["objectionDays"]!, "objectionDays", in: 1...365) ?? 15
        var documentKinds: [String] = []
        for (kind, node) in file.stringList(values["recordDocuments"]!, "recordDocuments") ?? [] {
            if kind.range(of: "^[a-z][a-z_]{0,31}$", options: .regularExpression) == nil {
                file.report("document kind '\(kind)' must be 1 to 32 lower-case letters or underscores", at: node)
            } else { documentKinds.append(kind) }
        }
        let timeZoneName = file.string(values["timeZone"]!, "timeZone") ?? ""
        let timeZone = TimeZone(identifier: timeZoneName)
        if timeZone == nil { file.report("timeZone '\(timeZoneName)' is not a time zone, such as Asia/Shanghai", at: values["timeZone"]!) }
        if !bands.map(\.grade).contains(dishonest) {
            file.report("grades.seriouslyDishonest '\(dishonest)' is not one of the bands", at: values["grades"]!)
        }
        return CreditModel(
            version: version, base: base, tiers: tiers, kinds: kinds, positiveValidityMonths: validity,
            measuresMonths: measuresMonths, measuresMaximumMonths: maximum, measures: measures, bands: bands, plusGrade: plus,
            seriouslyDishonestGrade: dishonest, supervision: supervision, objectionDays: objectionDays,
            timeZone: timeZone ?? .gmt, recordDocumentKinds: documentKinds)
    }

    private mutating func readTiers(_ node: Node) -> [CreditModel.Tier: CreditModel.TierRule] {
        var tiers: [CreditModel.Tier: CreditModel.TierRule] = [:]
        for (name, keyNode, value) in file.mapping(node, "tiers") ?? [] {
            guard let tier = CreditModel.Tier(rawValue: name) else {
                file.report("unknown tier '\(name)' (minor, general, serious)", at: keyNode)
                continue
            }
            let what = "tier \(name)"
            guard let parts = file.dictionary(value, what, ["name", "publication", "repairAfterMonths", "seriouslyDishonest"]),
                  let label = file.localized(parts["name"], "name of \(what)"),
                  let publication = parts["publication"].flatMap({ file.dictionary($0, "publication of \(what)",
                      ["published", "minMonths", "maxMonths"]) }),
                  let published = file.bool(publication["published"], "publication.published of \(what)"),
                  let minimum = file.integer(publication["minMonths"], "publication.minMonths of \(what)", in: 0...120),
                  let maximum = file.integer(publication["maxMonths"], "publication.maxMonths of \(what)", in: 0...120),
                  let repair = file.integer(parts["repairAfterMonths"], "repairAfterMonths of \(what)", in: 0...120)
            else { continue }
            if minimum > maximum { file.report("\(what): publication.minMonths is above maxMonths", at: value) }
            tiers[tier] = CreditModel.TierRule(
                name: label, published: published, minimumPublicationMonths: minimum, maximumPublicationMonths: maximum,
                repairAfterMonths: repair,
                seriouslyDishonest: parts["seriouslyDishonest"].flatMap { file.bool($0, "seriouslyDishonest of \(what)") } ?? false)
        }
        for tier in CreditModel.Tier.allCases where tiers[tier] == nil {
            file.report("tier \(tier.rawValue) is missing", at: node)
        }
        return tiers
    }

    private mutating func readKinds(_ node: Node) -> [CreditModel.Kind] {
        var kinds: [CreditModel.Kind] = []
        for (code, keyNode, value) in file.mapping(node, "kinds") ?? [] {
            let what = "kind \(code)"
            guard let parts = file.dictionary(value, what, ["name", "points", "tier", "tiers", "reason"]),
                  let name = file.localized(parts["name"], "name of \(what)"),
                  let points = file.integer(parts["points"], "points of \(what)", in: -100...100),
                  let reason = file.localized(parts["reason"], "reason of \(what)")
            else { continue }
            let tier = parts["tier"].flatMap { file.string($0, "tier of \(what)") }
            let parsedTier = tier.flatMap(CreditModel.Tier.init(rawValue:))
            if let tier, parsedTier == nil { file.report("\(what): unknown tier '\(tier)'", at: parts["tier"]!) }
            let dishonesty = (1...7).map(String.init).contains(code)
            if dishonesty, points >= 0 { file.report("\(what) is dishonest behaviour: its points must be negative", at: keyNode) }
            if dishonesty, tier == nil { file.report("\(what) needs a default tier", at: keyNode) }
            if !dishonesty, points <= 0 { file.report("\(what) is not one of art. 6's kinds 1–7, so it must add points", at: keyNode) }
            if !dishonesty, tier != nil { file.report("\(what) adds points: a tier is only for dishonest behaviour", at: keyNode) }
            if code.range(of: "^[a-z0-9_]{1,40}$", options: .regularExpression) == nil {
                file.report("\(what): a kind's code is 1 to 40 lower-case letters, digits or underscores", at: keyNode)
            }
            var allowed = dishonesty ? CreditModel.Tier.allCases : []
            if let node = parts["tiers"] {
                allowed = (file.stringList(node, "tiers of \(what)") ?? []).compactMap { text, item in
                    if let tier = CreditModel.Tier(rawValue: text) { return tier }
                    file.report("\(what): unknown tier '\(text)'", at: item)
                    return nil
                }
                if !dishonesty { file.report("\(what) adds points: tiers are only for dishonest behaviour", at: node) }
            }
            if let parsedTier, !allowed.contains(parsedTier) {
                file.report("\(what): its default tier \(parsedTier.rawValue) is not one of its tiers", at: keyNode)
            }
            kinds.append(CreditModel.Kind(
                code: code, name: name, points: points, defaultTier: parsedTier, allowedTiers: allowed, reason: reason))
        }
        for code in (1...7).map(String.init) where !kinds.contains(where: { $0.code == code }) {
            file.report("kind \(code) of art. 6 is missing", at: node)
        }
        return kinds
    }

    private mutating func readMeasures(_ node: Node) -> (Int, Int, [LocalizedText]) {
        guard let parts = file.dictionary(node, "measures", ["months", "maximumMonths", "list"]),
              let months = file.integer(parts["months"], "measures.months", in: 1...120),
              let maximum = file.integer(parts["maximumMonths"], "measures.maximumMonths", in: 1...240)
        else { return (12, 36, []) }
        if maximum < months { file.report("measures.maximumMonths is below measures.months", at: node) }
        var list: [LocalizedText] = []
        if case .sequence(let items)? = parts["list"] {
            list = items.compactMap { file.localized($0, "a measure") }
        } else {
            file.report("measures.list must be a list of measures with zh and en", at: node)
        }
        return (months, maximum, list)
    }

    private mutating func readGrades(_ node: Node) -> ([CreditModel.Band], String, String) {
        guard let parts = file.dictionary(node, "grades", ["bands", "plus", "seriouslyDishonest"]),
              case .sequence(let items)? = parts["bands"],
              let plus = parts["plus"].flatMap({ file.string($0, "grades.plus") }),
              let dishonest = parts["seriouslyDishonest"].flatMap({ file.string($0, "grades.seriouslyDishonest") })
        else {
            file.report("grades needs bands (a list), plus and seriouslyDishonest", at: node)
            return ([], "A+", "D")
        }
        var bands: [CreditModel.Band] = []
        for item in items {
            guard let band = file.dictionary(item, "a grade band", ["grade", "minScore"]),
                  let grade = band["grade"].flatMap({ file.string($0, "grade") }),
                  let minimum = file.integer(band["minScore"], "minScore of grade \(grade)", in: 0...1000)
            else { continue }
            if let previous = bands.last, previous.minimumScore <= minimum {
                file.report("grade \(grade): bands go from best to worst, each with a lower minScore", at: item)
            }
            bands.append(CreditModel.Band(grade: grade, minimumScore: minimum))
        }
        if bands.last?.minimumScore != 0 { file.report("the last grade band must start at minScore 0", at: node) }
        return (bands, plus, dishonest)
    }

    private mutating func readSupervision(_ node: Node, grades: [String]) -> [String: CreditModel.Supervision] {
        var supervision: [String: CreditModel.Supervision] = [:]
        for (grade, keyNode, value) in file.mapping(node, "supervision") ?? [] {
            let what = "supervision of \(grade)"
            if !grades.contains(grade) { file.report("\(what): '\(grade)' is not a grade", at: keyNode) }
            guard let parts = file.dictionary(value, what, ["inspections", "funding", "priorityExamination", "awards", "text"]),
                  let inspections = parts["inspections"].flatMap({ file.string($0, "inspections of \(what)") }),
                  let funding = parts["funding"].flatMap({ file.string($0, "funding of \(what)") }),
                  let priority = file.bool(parts["priorityExamination"], "priorityExamination of \(what)"),
                  let awards = file.bool(parts["awards"], "awards of \(what)"),
                  let text = file.localized(parts["text"], "text of \(what)")
            else { continue }
            supervision[grade] = CreditModel.Supervision(
                inspections: inspections, funding: funding, priorityExamination: priority, awards: awards, text: text)
        }
        for grade in grades where supervision[grade] == nil { file.report("grade \(grade) has no supervision", at: node) }
        return supervision
    }
}
