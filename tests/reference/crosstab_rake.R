# Reference values for tests/test_weighting.py and tests/test_crosstab.py, from R's survey
# package (Lumley). Run from this folder: Rscript crosstab_rake.R  (writes crosstab_rake.json)
suppressPackageStartupMessages({library(survey); library(jsonlite)})
d <- read.csv("crosstab_rake_data.csv", stringsAsFactors = FALSE)
des <- svydesign(ids = ~1, weights = ~w, data = d)

# --- raking: population shares -> totals on the scale of the base weights
W <- sum(d$w)
age_t <- data.frame(age = c("18-29", "30-49", "50+"), Freq = W * c(0.2, 0.35, 0.45))
reg_t <- data.frame(region = c("north", "south", "east", "west"),
                    Freq = W * c(0.3, 0.3, 0.25, 0.15))
rk <- rake(des, list(~age, ~region), list(age_t, reg_t),
           control = list(maxit = 1000, epsilon = 1e-13, verbose = FALSE))
raked <- as.numeric(weights(rk))

# --- crosstab cells: weighted means by column group with Taylor-linearised SEs, and the
# design-based z of every pairwise difference (svycontrast on svyby's covariance matrix)
cells <- function(formula) {
  b <- svyby(formula, ~grp, des, svymean, covmat = TRUE)
  est <- coef(b); V <- vcov(b)
  g <- as.character(b$grp)
  pairs <- list()
  for (i in seq_along(g)) for (j in seq_along(g)) if (i < j) {
    ct <- rep(0, length(g)); ct[i] <- 1; ct[j] <- -1
    names(ct) <- names(est)
    s <- svycontrast(b, ct)
    z <- as.numeric(coef(s)) / as.numeric(SE(s))
    pairs[[paste(g[i], g[j], sep = "-")]] <- list(diff = as.numeric(coef(s)),
                                                  se = as.numeric(SE(s)), z = z,
                                                  p = 2 * pnorm(-abs(z)))
  }
  tot <- svymean(formula, des)
  list(groups = g, mean = as.numeric(est), se = as.numeric(SE(b)),
       total_mean = as.numeric(coef(tot)), total_se = as.numeric(SE(tot)), pairs = pairs)
}
d$is_yes <- as.numeric(d$cat == "yes")
d$top2 <- as.numeric(d$y >= 6)
d$nps_y <- ifelse(d$ltr >= 9, 1, ifelse(d$ltr <= 6, -1, 0))
des <- svydesign(ids = ~1, weights = ~w, data = d)
out <- list(
  survey_version = as.character(packageVersion("survey")),
  rake = list(weights = raked, iterations_control = 1000),
  mean_y = cells(~y), share_yes = cells(~is_yes), top2_y = cells(~top2),
  nps = cells(~nps_y)
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "crosstab_rake.json")
