/**
 * A Svelte action: the text area grows with what is written in it (and
 * shrinks back), so a long title or role is read whole without an inner
 * scroll bar. `rows` stays its least height.
 */
export function autogrow(el: HTMLTextAreaElement, _value?: string) {
  const fit = () => {
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  };
  el.addEventListener('input', fit);
  const ro = new ResizeObserver(() => fit());
  ro.observe(el);
  queueMicrotask(fit);
  return {
    // The value changed from outside (a restore, an undo): fit again.
    update: () => queueMicrotask(fit),
    destroy: () => {
      el.removeEventListener('input', fit);
      ro.disconnect();
    },
  };
}
