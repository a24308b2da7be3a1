// Light progressive enhancement; every page works without it.
document.addEventListener('DOMContentLoaded', () => {
  // Filters apply as soon as a choice is made.
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form?.requestSubmit());
  }
  // A long-running form (loading the examples) says so and cannot be sent twice.
  for (const button of document.querySelectorAll('button[data-busy]')) {
    button.form?.addEventListener('submit', () => {
      button.disabled = true;
      button.textContent = button.dataset.busy ?? 'Working…';
    });
  }
  // Marked phrases in an article: show the explanation under the text on focus or tap.
  const note = document.createElement('p');
  note.className = 'mark-note';
  note.setAttribute('role', 'status');
  const article = document.querySelector('.article-text');
  if (article) {
    article.after(note);
    article.addEventListener('focusin', (event) => {
      const target = event.target;
      if (target instanceof HTMLElement && target.title) note.textContent = target.title;
    });
  }
});
