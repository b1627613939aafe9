/** How many article pages one poll cycle may still read (config `fetch.articlesPerCycle`), shared by its feeds. */
export interface ArticleBudget {
  /** Takes one page from the budget; false when it is spent. */
  take(): boolean;
}

export function articleBudget(pages: number): ArticleBudget {
  let left = pages;
  return {
    take() {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
}
