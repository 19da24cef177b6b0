// "Copy link" for the share row: without JavaScript the link stays a field to select and copy.
document.querySelectorAll("[data-copy-button]").forEach((button) => {
  const row = button.closest(".share-copy");
  const field = row.querySelector("[data-copy-source]");
  const status = row.querySelector("[data-copy-status]");
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = button.dataset.copied || "✓";
    } catch {
      field.select();
    }
  });
});
