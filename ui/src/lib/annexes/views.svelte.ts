// How the annex tables are shown, kept while the app runs: the budget as a
// grid (the default) or line by line; the workplan as a chart or a grid;
// the results framework as its tree or its indicators in a grid.
export const views = $state<{ budget: 'grid' | 'form'; workplan: 'chart' | 'grid'; results: 'framework' | 'grid' }>({
  budget: 'grid',
  workplan: 'chart',
  results: 'framework',
});
