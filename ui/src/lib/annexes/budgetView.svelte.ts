// How the budget lines are shown, kept while the app runs: as a grid (the
// default) or line by line, one card each.
export const budgetView = $state<{ mode: 'grid' | 'form' }>({ mode: 'grid' });
