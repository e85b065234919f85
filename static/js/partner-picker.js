// Partner pickers on the edit forms (templates/transparency/_partner_picker.html).
//
// The plain field stays in the form, hidden, and carries the chosen partners' addresses,
// one per line: a save posts what the plain field would. The picker shows them by name.
// htmx fetches the matches for the search box into the list; this script makes the list
// a combobox one can use with the keyboard, and keeps the plain field up to date.
(function () {
  "use strict";

  function setUp(root) {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "yes";
    var many = root.dataset.partnerPicker === "many";
    var plain = root.querySelector(".field:not(.picker)");
    var store = plain.querySelector("textarea, input");
    var picker = root.querySelector(".picker");
    var chips = picker.querySelector(".chips");
    var search = picker.querySelector("[role=combobox]");
    var list = picker.querySelector("[role=listbox]");
    var status = picker.querySelector(".picker-status");
    // The list answers an older text than the box holds; Enter waits for the answer.
    var stale = false;
    var pickWhenAnswered = false;

    plain.hidden = true;
    picker.hidden = false;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled])"));
    }

    function activate(option) {
      list.querySelectorAll("[role=option]").forEach(function (each) {
        each.setAttribute("aria-selected", each === option ? "true" : "false");
      });
      if (option) {
        search.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        search.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.replaceChildren();
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      activate(null);
    }

    function save() {
      var values = Array.prototype.map.call(chips.children, function (chip) {
        return chip.dataset.value;
      });
      store.value = values.join("\n");
    }

    function say(template, name) {
      status.textContent = template.replace("{name}", name);
    }

    function chip(value, name) {
      var item = document.createElement("li");
      item.className = "chip";
      item.dataset.value = value;
      var label = document.createElement("span");
      label.className = "chip-name";
      label.textContent = name;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chip-remove";
      button.setAttribute("aria-label", chips.dataset.remove.replace("{name}", name));
      var cross = document.createElement("span");
      cross.setAttribute("aria-hidden", "true");
      cross.textContent = "×";
      button.appendChild(cross);
      item.append(label, " ", button);
      return item;
    }

    function pick(option) {
      if (!option) return;
      var value = option.dataset.value;
      var name = option.dataset.name;
      var known = Array.prototype.some.call(chips.children, function (each) {
        return each.dataset.value === value;
      });
      if (!many) chips.replaceChildren();
      if (!known || !many) chips.appendChild(chip(value, name));
      save();
      search.value = "";
      close();
      search.focus();
      say(picker.dataset.added, name);
    }

    search.addEventListener("input", function () {
      stale = true;
      pickWhenAnswered = false;
      if (!search.value.trim()) close();
    });

    search.addEventListener("keydown", function (event) {
      var all = options();
      var index = all.indexOf(list.querySelector("[aria-selected=true]"));
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        activate(all[(index + step + all.length) % all.length]);
      } else if (event.key === "Enter") {
        // Enter in the search box picks; it never sends the form half-filled.
        event.preventDefault();
        if (stale && search.value.trim()) pickWhenAnswered = true;
        else pick(all[index] || all[0]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });

    // Keeps the focus in the search box when an option is clicked.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]:not([aria-disabled])");
      if (option) pick(option);
    });

    chips.addEventListener("click", function (event) {
      var button = event.target.closest(".chip-remove");
      if (!button) return;
      var item = button.closest(".chip");
      var name = item.querySelector(".chip-name").textContent;
      item.remove();
      save();
      search.focus();
      say(picker.dataset.removed, name);
    });

    root.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== list) return;
      var asked = new URL(event.detail.xhr.responseURL).searchParams.get("q") || "";
      if (asked !== search.value) return; // a newer text's answer is on its way
      stale = false;
      var items = list.querySelectorAll("li");
      items.forEach(function (item, number) {
        item.id = list.id + "-" + number;
        item.setAttribute("role", "option");
        if (item.hasAttribute("data-none")) item.setAttribute("aria-disabled", "true");
      });
      list.hidden = !items.length || !search.value.trim();
      search.setAttribute("aria-expanded", list.hidden ? "false" : "true");
      // The first match is ready for Enter, as most people type until it comes first.
      activate(options()[0] || null);
      if (pickWhenAnswered) {
        pickWhenAnswered = false;
        pick(options()[0]);
      }
    });
  }

  if (window.htmx) {
    // On the page as loaded and on any part of it htmx swaps in later.
    window.htmx.onLoad(function (content) {
      if (content.matches && content.matches("[data-partner-picker]")) setUp(content);
      content.querySelectorAll("[data-partner-picker]").forEach(setUp);
    });
  }
})();
