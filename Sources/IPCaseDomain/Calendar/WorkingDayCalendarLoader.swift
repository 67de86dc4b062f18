import Foundation
import Yams

extension WorkingDayCalendar {
    /// Reads `Policies/calendar/*.yaml`, one year a file, and refuses at load, with file and line, what
    /// would make a deadline wrong: a day outside its file's year, a holiday that ends before it starts,
    /// an adjusted working day that is not a Saturday or Sunday or that falls in a holiday, a year given
    /// twice, and a gap between years.
    public static func load(_ sources: [PolicySource]) throws(PolicyValidationError) -> WorkingDayCalendar {
        var problems: [PolicyProblem] = []
        var years: [Year] = []
        for source in sources {
            var file = PolicyYAMLFile(path: source.path)
            if let root = file.parse(source.text), let year = read(root, in: &file) { years.append(year) }
            problems += file.problems
        }
        let numbers = years.map(\.year).sorted()
        for (year, count) in Dictionary(numbers.map { ($0, 1) }, uniquingKeysWith: +) where count > 1 {
            problems.append(PolicyProblem(path: "Policies/calendar", line: 1, message: "year \(year) is given \(count) times"))
        }
        for (previous, next) in zip(numbers, numbers.dropFirst()) where next > previous + 1 {
            problems.append(PolicyProblem(
                path: "Policies/calendar", line: 1,
                message: "no calendar for \(previous + 1)–\(next - 1) between \(previous) and \(next)"))
        }
        guard problems.isEmpty else { throw PolicyValidationError(problems: problems) }
        return WorkingDayCalendar(years: years)
    }

    private static func read(_ root: Node, in file: inout PolicyYAMLFile) -> Year? {
        guard let entries = file.mapping(root, "the calendar", allowedKeys: ["year", "source", "holidays", "workdays"]) else {
            return nil
        }
        var year: Int?, source: String?, holidays: [Holiday] = [], workdays: Set<CalendarDay> = []
        var holidayNodes: [(Node, CalendarDay, CalendarDay)] = [], workdayNodes: [(Node, CalendarDay)] = []
        for (key, _, value) in entries {
            switch key {
            case "year":
                year = file.string(value, "year").flatMap(Int.init)
                if year == nil { file.report("year must be a year such as 2026", at: value) }
            case "source": source = file.string(value, "source")
            case "holidays":
                guard case .sequence(let items) = value else {
                    file.report("holidays must be a list", at: value)
                    continue
                }
                for item in items {
                    guard let parts = file.mapping(item, "a holiday", allowedKeys: ["from", "to", "name"]) else { continue }
                    var from: CalendarDay?, to: CalendarDay?, name: LocalizedText?
                    for (part, _, partValue) in parts {
                        switch part {
                        case "from": from = day(partValue, "from", in: &file)
                        case "to": to = day(partValue, "to", in: &file)
                        default: name = localized(partValue, in: &file)
                        }
                    }
                    guard let from, let to, let name else {
                        file.report("a holiday needs from, to and a name with zh and en", at: item)
                        continue
                    }
                    holidays.append(Holiday(from: from, to: to, name: name))
                    holidayNodes.append((item, from, to))
                }
            default:
                for (text, node) in file.stringList(value, "workdays") ?? [] {
                    guard let workday = CalendarDay(text) else {
                        file.report("'\(text)' is not a day (YYYY-MM-DD)", at: node)
                        continue
                    }
                    workdays.insert(workday)
                    workdayNodes.append((node, workday))
                }
            }
        }
        guard let year, let source else {
            file.report("a calendar needs year and source (the notice it follows)", line: 1)
            return nil
        }
        for (node, from, to) in holidayNodes {
            if from > to { file.report("the holiday ends (\(to)) before it starts (\(from))", at: node) }
            if from.year != year || to.year != year { file.report("the holiday is not in \(year)", at: node) }
        }
        for (node, workday) in workdayNodes {
            if workday.year != year { file.report("\(workday) is not in \(year)", at: node) }
            if !workday.isWeekend { file.report("\(workday) is a weekday: an adjusted working day is a Saturday or Sunday", at: node) }
            if holidays.contains(where: { $0.from <= workday && workday <= $0.to }) {
                file.report("\(workday) is both a holiday and a working day", at: node)
            }
        }
        return Year(year: year, source: source, holidays: holidays, workdays: workdays)
    }

    private static func day(_ node: Node, _ what: String, in file: inout PolicyYAMLFile) -> CalendarDay? {
        guard let text = file.string(node, what) else { return nil }
        guard let day = CalendarDay(text) else {
            file.report("'\(text)' is not a day (YYYY-MM-DD)", at: node)
            return nil
        }
        return day
    }

    private static func localized(_ node: Node, in file: inout PolicyYAMLFile) -> LocalizedText? {
        guard let parts = file.mapping(node, "a holiday's name", allowedKeys: ["zh", "en"]) else { return nil }
        var zh: String?, en: String?
        for (key, _, value) in parts {
            if key == "zh" { zh = file.string(value, "name.zh") } else { en = file.string(value, "name.en") }
        }
        guard let zh, let en else { return nil }
        return LocalizedText(zh: zh, en: en)
    }
}
