#!/usr/bin/env python3
"""The web console, walked through its pages only, in headless Chromium, against a server with the demo data.

Run by scripts/browser-tests.sh (and so by `make test`), which starts the server. Every page the walk visits is
checked by axe-core (no serious or critical violation), and on every page the English switch must change each
text of the console's catalogue (Console/text.yaml) and of the workflows that the Chinese page showed. A
screenshot of each role's first page is saved in the screenshots folder (git ignores it).

    python3 Tests/Browser/console_walk.py --base http://127.0.0.1:8080 --credentials .ipcase/demo-credentials
"""
import argparse
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request

import yaml
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

OPTICS = "legal@shenzhen-optics.demo"
PEARL = "ip@pearl-devices.demo"
PEARL_CODE = "914403001922038216"
MEDIATOR = "mediator1@ip-mediation.demo"
JUDGE = "judge@court.demo"
ARBITRATOR = "arbitrator@arbitration.demo"
REGULATOR = "regulator@amr.demo"
REGULATOR2 = "regulator2@amr.demo"
ADMIN = "admin@demo.ipcase.cn"
SECRET_FILE = "trade-secret-formula-confidential.txt"


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def catalogue_texts():
    """Every (zh, en) pair a page can show: the console's texts and the workflows' action names."""
    pairs = []

    def walk(node):
        if isinstance(node, dict) and "zh" in node and "en" in node:
            pairs.append((str(node["zh"]), str(node["en"])))
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    with open(os.path.join(ROOT, "Console", "text.yaml"), encoding="utf-8") as f:
        walk(yaml.safe_load(f))
    for name in os.listdir(os.path.join(ROOT, "Policies", "workflows")):
        with open(os.path.join(ROOT, "Policies", "workflows", name), encoding="utf-8") as f:
            for action in (yaml.safe_load(f).get("actions") or {}).values():
                if isinstance(action.get("description"), dict):
                    walk(action["description"])
    # A Chinese text that is also a part of a longer one is checked through the longer one where both show.
    return [(zh, en) for zh, en in pairs if zh != en and re.search(r"[\u4e00-\u9fff]", zh)]


class Walk:
    def __init__(self, base, credentials, screenshots):
        self.base = base.rstrip("/")
        self.passwords = {}
        with open(credentials, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    self.passwords[parts[1]] = parts[2]
        self.screenshots = screenshots
        os.makedirs(screenshots, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400", "--lang=zh-CN",
                         "--disable-features=BackForwardCache,Prerender2", "--disable-renderer-backgrounding"]:
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
        service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(60)
        self.texts = catalogue_texts()
        self.who = None
        self.pages_checked = set()
        self.axe_runs = 0
        self.language_checks = 0
        self.secret_document = None

    # Pages

    def url(self, path):
        return self.base + path

    def open(self, path):
        self.driver.get(self.url(path))
        self.after_load()

    def after_load(self, switch_languages=True):
        """What every page must pass: axe, the language switch, and never the other party's secret."""
        source = self.driver.page_source
        check("<html" in source, "no page at " + self.driver.current_url)
        if self.who == PEARL and self.secret_document:
            # The address asked for is on its own page (the language switch comes back to it); nothing else may be.
            source = source.replace(self.driver.current_url.replace(self.base, ""), "")
            check(SECRET_FILE not in source and self.secret_document not in source,
                  "the respondent sees the confidential document at " + self.driver.current_url)
        key = (self.who, re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", self.driver.current_url.split("?")[0]))
        if key in self.pages_checked:
            return
        self.pages_checked.add(key)
        self.accessible()
        if switch_languages:
            self.languages()

    def accessible(self):
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        self.axe_runs += 1
        serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        check(not serious, "axe at %s: %s" % (self.driver.current_url, [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in serious]))

    def navigate(self, target, how="click"):
        """Clicks or submits, then waits until the next page has replaced this one and finished loading.

        `target` is an element, or better a locator `(By.ID, "logout")`, found again when Chromium reports a
        node of a document just replaced (which headless Chromium does now and then right after a load)."""
        for attempt in range(4):
            try:
                WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
                old = self.driver.find_element(By.TAG_NAME, "html")
                element = self.driver.find_element(*target) if isinstance(target, tuple) else target
                element.click() if how == "click" else element.submit()
                break
            except WebDriverException as error:
                if "does not belong to the document" not in str(error) or attempt == 3:
                    raise
                time.sleep(0.5)
        WebDriverWait(self.driver, 30).until(lambda d: self.replaced(old))
        WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    @staticmethod
    def replaced(element):
        """Whether the element's document is gone: Chromium says so either as a stale reference or as a node
        that "does not belong to the document"."""
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    def visible_text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text + " " + self.driver.title

    def console_text(self):
        """The page's own words: without what the API or a person wrote (marked `data-api`), which the check of
        the switch cannot tell from the console's texts it may quote."""
        return self.driver.execute_script(
            "const c = document.body.cloneNode(true); c.querySelectorAll('[data-api]').forEach(e => e.remove());"
            "return c.innerText || c.textContent;") + " " + self.driver.title

    def languages(self):
        """Switches to English and back: every Chinese text of the catalogue on the page becomes its English."""
        for attempt in range(3):
            try:
                return self.switch_languages()
            except WebDriverException as error:
                # Chromium sometimes reports a node of the page just replaced; the page itself is whole.
                if "does not belong to the document" not in str(error) or attempt == 2:
                    raise
                time.sleep(0.5)
                if self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "zh-CN":
                    self.navigate((By.ID, "language-switch"))

    def switch_languages(self):
        chinese = self.console_text()
        check(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", "the page is not in Chinese first")
        # Longest first, each found text masked: 登录 inside 退出登录 is not a text of its own.
        shown, rest = [], chinese
        for zh, en in sorted(self.texts, key=lambda pair: -len(pair[0])):
            if zh in rest:
                shown.append((zh, en))
                rest = rest.replace(zh, "\0")
        self.navigate((By.ID, "language-switch"))
        self.wait_for_language("en")
        english = self.console_text()
        check(self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the switch did not give English")
        # A short Chinese word may also be part of what a party wrote; a sentence of the console may not.
        left = [zh for zh, en in shown if len(zh) >= 6 and zh in english]
        # One Chinese word may stand for several English ones (理由: reason, grounds): any of them will do.
        missing = [en for zh, en in shown if not any(other in english for same, other in self.texts if same == zh)]
        check(not left, "still in Chinese after the switch at %s: %s" % (self.driver.current_url, left[:5]))
        check(not missing, "English text missing at %s: %s" % (self.driver.current_url, missing[:5]))
        self.navigate((By.ID, "language-switch"))
        self.wait_for_language("zh-CN")
        again = self.console_text()
        if " ".join(again.split()) != " ".join(chinese.split()):
            import difflib
            diff = [line for line in difflib.unified_diff(chinese.splitlines(), again.splitlines(), lineterm="", n=1)][:40]
            raise Failure("the page changed after switching back at %s:\n%s" % (self.driver.current_url, "\n".join(diff)))
        self.language_checks += 1

    def wait_for_language(self, language):
        """The page in `language`, loaded: the switch's answer is a redirect, and the next page must be whole."""
        try:
            WebDriverWait(self.driver, 30, ignored_exceptions=(WebDriverException,)).until(
                lambda d: d.execute_script("return document.readyState") == "complete"
                and d.find_element(By.TAG_NAME, "html").get_attribute("lang") == language)
        except WebDriverException as error:
            raise Failure("the switch did not give %s at %s: %s" % (language, self.driver.current_url, error))

    def login(self, email, here=False):
        """Logs in from a new login page, or with `here` from the one the browser was sent to."""
        for attempt in range(3):
            try:
                return self.log_in(email, here and attempt == 0)
            except WebDriverException as error:
                if "does not belong to the document" not in str(error) or attempt == 2:
                    raise
                time.sleep(0.5)

    def log_in(self, email, here):
        self.who = email
        if not here:
            self.driver.delete_all_cookies()
            self.driver.get(self.url("/login"))
        WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.ID, "password").send_keys(self.passwords[email])
        self.navigate((By.ID, "login-form"), "submit")
        check("/login" not in self.driver.current_url, "login failed for " + email + ": " + self.visible_text()[:300])
        self.after_load()

    def logout(self):
        self.navigate((By.ID, "logout"))
        check("/login" in self.driver.current_url, "logout did not end at the login page")
        self.who = None

    def screenshot(self, role):
        self.driver.save_screenshot(os.path.join(self.screenshots, role + ".png"))

    def act(self, action, fields=None, expect_error=False):
        """Submits the form of a workflow action the page offers, with its fields."""
        form = self.driver.find_element(By.ID, "action-" + action)
        for name, value in (fields or {}).items():
            element = form.find_element(By.NAME, "f." + name)
            if element.tag_name == "select":
                Select(element).select_by_index(value if isinstance(value, int) else 0)
            elif element.get_attribute("type") == "checkbox":
                if bool(value) != element.is_selected():
                    element.click()
            elif element.get_attribute("type") in ("date", "datetime-local"):
                self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
            else:
                element.clear()
                element.send_keys(value)
        self.navigate((By.CSS_SELECTOR, "#action-%s button[type=submit]" % action))
        problems = self.driver.find_elements(By.CSS_SELECTOR, ".problem")
        if expect_error:
            check(problems, "the action %s was not refused" % action)
        else:
            check(not problems, "the action %s was refused: %s" % (action, [p.text for p in problems]))
        self.after_load()

    def state(self):
        return self.driver.find_element(By.CSS_SELECTOR, ".status .badge").text

    def offered(self, action):
        return bool(self.driver.find_elements(By.ID, "action-" + action))

    # The walks

    def dispute(self):
        """A complaint with a confidential document, from filing to the court's confirmation."""
        self.login(OPTICS)
        self.open("/cases")
        self.screenshot("enterprise")
        self.open("/cases/new")
        # A wrong credit code: the API's message shows beside the field, in Chinese.
        self.fill_filing("123")
        self.navigate((By.ID, "file-form"), "submit")
        error = self.driver.find_element(By.ID, "respondent-code-error").text
        check(error and re.search(r"[\u4e00-\u9fff]", error), "no Chinese message beside the credit code: %r" % error)
        check(self.driver.find_element(By.ID, "respondent-name").get_attribute("value") == "珠江电子设备有限公司",
              "the form lost what was typed")
        # The answer to a post: switching the language goes back to the form, empty, so only axe looks at it.
        self.after_load(switch_languages=False)
        self.fill_filing(PEARL_CODE)
        self.navigate((By.ID, "file-form"), "submit")
        check(re.search(r"/cases/[0-9a-f-]{36}$", self.driver.current_url), "filing did not lead to the case: " + self.driver.current_url)
        self.case = self.driver.current_url.split("/cases/")[1]
        self.after_load()
        check(self.driver.find_element(By.ID, "chain-badge").get_attribute("class").endswith("good"), "the new case's chain does not verify")
        # The confidential document.
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("Coating formula: 42 % SiO2, cured at 180 degrees.\n")
            local = f.name
        secret = os.path.join(os.path.dirname(local), SECRET_FILE)
        os.replace(local, secret)
        Select(self.driver.find_element(By.ID, "upload-kind")).select_by_value("evidence")
        self.driver.find_element(By.ID, "upload-confidential").click()
        self.driver.find_element(By.ID, "upload-file").send_keys(secret)
        self.navigate((By.ID, "upload-form"), "submit")
        link = self.driver.find_element(By.PARTIAL_LINK_TEXT, SECRET_FILE)
        self.secret_document = link.get_attribute("href").split("/documents/")[1]
        check("保密" in link.find_element(By.XPATH, "..").text, "the document is not marked confidential")
        self.after_load()
        self.logout()

        self.login(MEDIATOR)
        self.open("/cases")
        self.screenshot("mediator")
        # The week at a glance: the demo's next session, a week from now, is in it.
        check("调解会议" in self.driver.find_element(By.ID, "week").text, "the mediator's week lacks the coming session")
        self.open("/cases/" + self.case)
        self.act("accept")
        check(self.state() == "待被申请人答复", "after accept: " + self.state())
        self.logout()

        self.login(PEARL)
        self.open("/cases/" + self.case)
        self.act("respondentConsents", {"answer": "我方同意调解。"})
        # The confidential document: not listed, and its address refused.
        self.driver.get(self.url("/cases/%s/documents/%s" % (self.case, self.secret_document)))
        check("Coating formula" not in self.driver.page_source, "the respondent read the confidential document")
        self.after_load()
        self.open("/notifications")
        self.logout()

        self.login(MEDIATOR)
        self.open("/cases/" + self.case)
        self.act("assignMediator", {"mediatorUserId": 0})
        self.act("draftAgreement", {
            "terms": "珠江电子停止使用涉案工艺，并支付 50000 元。",
            # The day to perform is left as the form gives it: today in Shanghai.
            "determinesOwnershipOrValidity": False})
        self.logout()

        for party in (OPTICS, PEARL):
            self.login(party)
            self.open("/cases/" + self.case)
            self.act("signAgreement")
            self.logout()

        self.login(OPTICS)
        self.open("/cases/" + self.case)
        check(self.state() == "已达成协议", "after both signatures: " + self.state())
        self.act("applyForConfirmation", {"courtId": 0})
        self.logout()
        self.login(PEARL)
        self.open("/cases/" + self.case)
        self.act("consentToConfirmation")
        self.logout()

        self.login(JUDGE)
        self.open("/cases")
        self.screenshot("judge")
        self.open("/cases/" + self.case)
        self.act("acceptConfirmationApplication")
        self.act("confirmAgreement", {"rulingNumber": "(2026)粤0305民特2001号"})
        check(self.state() == "已司法确认", "after the ruling: " + self.state())
        self.logout()

        # Non-performance may be reported only after the day to perform, which cannot be in the past: today's
        # agreement can be reported tomorrow. The walk shows the refusal with the API's reason, then decides the
        # demo case whose day passed weeks ago and whose report the respondent answered.
        self.login(OPTICS)
        self.open("/cases/" + self.case)
        if self.offered("reportNonPerformance"):
            self.act("reportNonPerformance", {"reason": "对方未付款。"}, expect_error=True)
        self.logout()

        self.login(ARBITRATOR)
        self.open("/cases")
        self.screenshot("arbitrator")
        self.logout()

        self.login(MEDIATOR)
        self.open("/cases")
        Select(self.driver.find_element(By.ID, "filter-state")).select_by_value("non_performance_reported")
        self.navigate((By.CSS_SELECTOR, "form.filters button"))
        self.after_load()
        row = next(r for r in self.driver.find_elements(By.CSS_SELECTOR, "#case-list tbody tr") if "Aspheric lens mould" in r.text)
        self.navigate(row.find_element(By.TAG_NAME, "a"))
        self.after_load()
        check(self.state() == "已报告未履行", "the demo case is not reported: " + self.state())
        self.act("decideNotPerformed", {"reason": "被申请人仅部分履行，余款无延期协议。"})
        check(self.state() == "已结案", "after the decision: " + self.state())
        self.logout()

    def fill_filing(self, code):
        for element_id, value in [("respondent-name", "珠江电子设备有限公司"), ("respondent-code", code),
                                  ("ip-identifier", "ZL2026BROWSER"), ("ip-title", "浏览器测试镜片涂层"),
                                  ("claims", "停止侵权并赔偿损失。"), ("amount", "50000")]:
            element = self.driver.find_element(By.ID, element_id)
            element.clear()
            element.send_keys(value)
        Select(self.driver.find_element(By.ID, "ip-type")).select_by_value("trade_secret")

    def credit(self):
        """The regulator confirms the proposal and issues a grade; the enterprise sees it and objects; the regulator
        decides the objection; an override of the grade is approved by a second regulator."""
        # First an override of the computed grade, while the respondent is not yet seriously dishonest (whose
        # grade is D and may not be overridden): it waits for a second regulator, who approves it.
        self.login(REGULATOR)
        self.screenshot("regulator")
        self.open("/credit/subjects/" + PEARL_CODE)
        published = self.driver.find_element(By.ID, "published-grade").text
        computed = self.driver.find_element(By.CSS_SELECTOR, "#issue strong").text
        override = "C" if computed != "C" else "B"
        Select(self.driver.find_element(By.ID, "override-grade")).select_by_value(override)
        self.driver.find_element(By.ID, "override-reason").send_keys("已部分履行，酌情调整。")
        self.navigate((By.ID, "issue-grade"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "the override was refused: " + self.visible_text()[:400])
        check(self.driver.find_element(By.ID, "published-grade").text == published, "the override took effect alone")
        self.after_load()
        self.logout()
        self.login(REGULATOR2)
        self.open("/credit/subjects/" + PEARL_CODE)
        self.navigate((By.CSS_SELECTOR, "form[action^='/credit/grades/'] button"))
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "the approval was refused: " + self.visible_text()[:400])
        check(self.driver.find_element(By.ID, "published-grade").text == override, "the approved override is not published")
        self.logout()

        self.login(REGULATOR)
        proposal = next(p for p in self.driver.find_elements(By.CSS_SELECTOR, "#proposals .item")
                        if "余款无延期协议" in p.text)
        form = proposal.find_element(By.CSS_SELECTOR, "form[id^=confirm-]")
        form.find_element(By.NAME, "decisionNumber").send_keys("深市监知信〔2026〕88号")
        form.find_element(By.NAME, "legalBasis").send_keys("知识产权信用管理规定 第六条")
        self.navigate(form.find_element(By.CSS_SELECTOR, "button"))
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "confirming was refused: " + self.visible_text()[:400])
        check("余款无延期协议" not in self.visible_text(), "the proposal is still waiting")
        self.after_load()
        self.open("/credit/subjects/" + PEARL_CODE)
        self.navigate((By.ID, "issue-grade"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "issuing was refused: " + self.visible_text()[:400])
        self.after_load()
        self.grade = self.driver.find_element(By.ID, "published-grade").text
        self.logout()

        self.login(PEARL)
        self.open("/credit")
        self.screenshot("enterprise-credit")
        check(self.driver.find_element(By.ID, "published-grade").text == self.grade, "the enterprise sees another grade")
        reasons = self.driver.find_element(By.ID, "grade-reasons").text
        check(reasons.strip(), "no reasons are shown")
        record = next(r for r in self.driver.find_elements(By.CSS_SELECTOR, "#records .item") if "深市监知信〔2026〕88号" in r.text)
        record.find_element(By.TAG_NAME, "summary").click()
        record.find_element(By.NAME, "grounds").send_keys("余款已于期限内协商延期，附双方往来函件。")
        self.navigate(record.find_element(By.CSS_SELECTOR, "form button"))
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "the objection was refused: " + self.visible_text()[:400])
        check("余款已于期限内协商延期" in self.driver.find_element(By.ID, "objections").text, "the objection is not listed")
        self.after_load()
        self.logout()

        # The regulator decides the objection within its working-day limit, from the desk.
        self.login(REGULATOR)
        objection = next(o for o in self.driver.find_elements(By.CSS_SELECTOR, "#objections .item") if "余款已于期限内协商延期" in o.text)
        check(re.search(r"\d{4}-\d{2}-\d{2}", objection.text), "the objection shows no limit")
        form = objection.find_element(By.CSS_SELECTOR, "form[id$='-reject']")
        form.find_element(By.NAME, "f.reason").send_keys("延期协议未经法院确认，记录维持。")
        self.navigate(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "deciding was refused: " + self.visible_text()[:400])
        check("余款已于期限内协商延期" not in self.driver.find_element(By.ID, "objections").text, "the objection still waits")
        self.after_load()

        self.logout()

    def compliance(self):
        """Completed and submitted; one item returned; fixed; approved by another regulator."""
        self.login(PEARL)
        self.open("/compliance")
        Select(self.driver.find_element(By.ID, "template")).select_by_value("db4403-t235-2022-enterprise")
        self.driver.find_element(By.ID, "group-basic").click()
        self.navigate((By.ID, "start-assessment"), "submit")
        check(re.search(r"/compliance/[0-9a-f-]{36}$", self.driver.current_url), "no assessment was started: " + self.visible_text()[:400])
        self.assessment = self.driver.current_url.split("/compliance/")[1]
        self.after_load()
        selects = self.driver.find_elements(By.CSS_SELECTOR, "select[name^='result.']")
        check(len(selects) > 5, "too few items to answer: %d" % len(selects))
        for index, select in enumerate(selects):
            Select(select).select_by_value("compliant" if index == 0 else "partial")
        self.navigate((By.ID, "answers-form"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "answering was refused: " + self.visible_text()[:400])
        self.after_load()
        # The first item is mandatory and answered compliant: it needs evidence, which the form names.
        needed = self.driver.find_element(By.ID, "evidence-items").get_attribute("value")
        if needed:
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
                f.write("Board resolution naming the person responsible for trade secrets.\n")
            self.driver.find_element(By.ID, "evidence-file").send_keys(f.name)
            self.navigate((By.ID, "evidence-form"), "submit")
            check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "evidence was refused: " + self.visible_text()[:400])
        self.navigate((By.ID, "submit-assessment"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "submitting was refused: " + self.visible_text()[:400])
        check(self.driver.find_element(By.ID, "assessment-state").text == "已提交审核", "not submitted")
        self.after_load()
        self.logout()

        self.login(REGULATOR)
        self.open("/compliance")
        self.open("/compliance/" + self.assessment)
        finding = self.driver.find_elements(By.CSS_SELECTOR, "select[name^='finding.']")[1]
        self.returned_item = finding.get_attribute("name").split(".", 1)[1]
        Select(finding).select_by_value("non_compliant")
        self.driver.find_element(By.NAME, "comment." + self.returned_item).send_keys("请补充培训签到表。")
        self.driver.find_element(By.NAME, "return." + self.returned_item).click()
        self.navigate((By.ID, "return-items"))
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "returning was refused: " + self.visible_text()[:400])
        check(self.driver.find_element(By.ID, "assessment-state").text == "已退回修改", "not returned")
        self.after_load()
        self.logout()

        self.login(PEARL)
        self.open("/compliance/" + self.assessment)
        item = self.driver.find_element(By.ID, "item-" + self.returned_item)
        check("请补充培训签到表" in item.text, "the enterprise does not see the reviewer's comment")
        editable = self.driver.find_elements(By.CSS_SELECTOR, "select[name^='result.']")
        check(len(editable) == 1, "only the returned item may be answered again, %d are open" % len(editable))
        self.driver.find_element(By.NAME, "note." + self.returned_item).send_keys("已补充 2026 年培训签到表。")
        Select(editable[0]).select_by_value("partial")
        self.navigate((By.ID, "answers-form"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "the fix was refused: " + self.visible_text()[:400])
        self.navigate((By.ID, "submit-assessment"), "submit")
        check(self.driver.find_element(By.ID, "assessment-state").text == "已提交审核", "not submitted again")
        self.after_load()
        self.logout()

        # Four eyes: the regulator who returned items may not approve; another one does.
        self.login(REGULATOR)
        self.open("/compliance/" + self.assessment)
        check(not self.driver.find_elements(By.ID, "approve"), "the regulator who returned items is offered approval")
        self.logout()
        self.login(REGULATOR2)
        self.open("/compliance/" + self.assessment)
        self.navigate((By.ID, "approve"))
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "approving was refused: " + self.visible_text()[:400])
        check(self.driver.find_element(By.ID, "assessment-state").text == "已通过", "not approved")
        check(self.driver.find_elements(By.ID, "gap-report"), "no gap report")
        self.after_load()
        self.logout()

    def guards(self):
        """Without a session a page leads to the login; a form without its token is refused."""
        self.driver.delete_all_cookies()
        self.driver.get(self.url("/cases/" + self.case))
        check("/login?next=" in self.driver.current_url, "a page without a session did not lead to the login: " + self.driver.current_url)
        self.login(OPTICS, here=True)
        check(self.driver.current_url.endswith("/cases/" + self.case), "the login did not come back to the page asked for")
        self.open("/notifications")
        self.driver.execute_script("document.querySelector('form[action=\"/notifications/read-all\"] input[name=csrf]').remove()")
        self.navigate((By.CSS_SELECTOR, "form[action='/notifications/read-all'] button"))
        check("表单已失效" in self.visible_text(), "a form without its token was not refused: " + self.visible_text()[:300])
        # A wrong token is refused the same way.
        self.open("/cases/" + self.case)
        self.driver.execute_script("document.querySelectorAll('input[name=csrf]').forEach(function (e) { e.value = 'forged'; })")
        self.navigate((By.ID, "logout"))
        check("表单已失效" in self.visible_text(), "a forged token was accepted")
        self.open("/cases")
        self.logout()
        # Logged out means the session is over on the server: the old cookie no longer opens a page.
        self.login(ADMIN)
        self.screenshot("admin")
        self.administration()
        cookie = self.driver.get_cookie("ipcase_session")
        check(cookie and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict", "the session cookie is not HttpOnly and Strict: %r" % cookie)
        self.logout()
        self.driver.add_cookie({"name": "ipcase_session", "value": cookie["value"], "path": "/"})
        self.driver.get(self.url("/admin"))
        check("/login" in self.driver.current_url, "the session lived on after logging out")

    def administration(self):
        """The admin creates an enterprise (first without its credit code, which the API requires) and a user."""
        self.driver.find_element(By.CSS_SELECTOR, "#organizations summary").click()
        self.driver.find_element(By.ID, "org-name").send_keys("南山新材料有限公司")
        Select(self.driver.find_element(By.ID, "org-kind")).select_by_value("enterprise")
        self.navigate((By.ID, "organization-form"), "submit")
        check(self.driver.find_elements(By.CSS_SELECTOR, "#organizations .field-error"), "an enterprise without its code was not refused beside the field")
        self.driver.find_element(By.ID, "org-name").send_keys("南山新材料有限公司")
        Select(self.driver.find_element(By.ID, "org-kind")).select_by_value("enterprise")
        self.driver.find_element(By.ID, "org-code").send_keys("91440300708461136T")
        self.navigate((By.ID, "organization-form"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "creating the organisation was refused: " + self.visible_text()[:300])
        check("南山新材料有限公司" in self.driver.find_element(By.ID, "organizations").text, "the organisation is not listed")
        self.driver.find_element(By.CSS_SELECTOR, "#users summary").click()
        self.driver.find_element(By.ID, "user-email").send_keys("legal@nanshan-materials.demo")
        self.driver.find_element(By.ID, "user-name").send_keys("Huang Min")
        Select(self.driver.find_element(By.ID, "user-organization")).select_by_visible_text("南山新材料有限公司")
        self.driver.find_element(By.ID, "role-enterprise").click()
        self.driver.find_element(By.ID, "user-password").send_keys("a long passphrase for Huang Min 2026")
        self.navigate((By.ID, "user-form"), "submit")
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".problem"), "creating the user was refused: " + self.visible_text()[:300])
        check("legal@nanshan-materials.demo" in self.driver.find_element(By.ID, "users").text, "the user is not listed")
        self.after_load()

    def run(self):
        started = time.time()
        for step in (self.dispute, self.credit, self.compliance, self.guards):
            step()
            print("ok  %-10s %5.1f s" % (step.__name__, time.time() - started), flush=True)
        print("%d pages checked by axe, %d language switches; screenshots in %s" % (
            self.axe_runs, self.language_checks, self.screenshots))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--credentials", required=True, help="the demo-credentials file of its data folder")
    parser.add_argument("--screenshots", default=os.path.join(ROOT, ".browser-screenshots"))
    args = parser.parse_args()
    walk = Walk(args.base, args.credentials, args.screenshots)
    try:
        walk.run()
    except Exception:
        path = os.path.join(args.screenshots, "failure.png")
        walk.driver.save_screenshot(path)
        print("failed at %s (%s); screenshot %s" % (walk.driver.current_url, walk.who, path), file=sys.stderr)
        raise
    finally:
        walk.driver.quit()


if __name__ == "__main__":
    main()
