// Keeps the district and subdistrict selects in step with the chosen province and district.
(function () {
  const box = document.getElementById("place");
  if (!box) return;
  const url = box.dataset.placesUrl;
  const province = box.querySelector("[name=province_code]");
  const district = box.querySelector("[name=district_code]");
  const subdistrict = box.querySelector("[name=subdistrict_code]");
  const postal = box.querySelector("[name=postal_code]");

  function fill(select, items) {
    select.replaceChildren(new Option("—", ""));
    for (const item of items) {
      const option = new Option(item.name, item.code);
      if (item.postal_code) option.dataset.postalCode = item.postal_code;
      select.add(option);
    }
  }

  async function load(params) {
    const response = await fetch(url + "?" + new URLSearchParams(params), { credentials: "same-origin" });
    return response.ok ? (await response.json()).items : [];
  }

  province.addEventListener("change", async () => {
    fill(district, await load({ province: province.value }));
    fill(subdistrict, []);
  });
  district.addEventListener("change", async () => {
    fill(subdistrict, await load({ district: district.value }));
  });
  subdistrict.addEventListener("change", () => {
    const chosen = subdistrict.selectedOptions[0];
    if (chosen && chosen.dataset.postalCode) postal.value = chosen.dataset.postalCode;
  });
})();
