# Reference values for the weighted NPS (tests/test_metrics.py reads weighted_nps.json).
# Run from the repository root:  Rscript tests/reference/weighted_nps.R
# Writes tests/reference/weighted_nps.csv (400 simulated respondents, fixed seed) and the
# design-based (Taylor linearisation) means and SEs of R's survey package for
# svydesign(ids = ~1, weights = ~w): the whole sample (svymean) and by group (svyby).
library(survey)
library(jsonlite)
set.seed(20261201)
n <- 400
group <- sample(c("north", "south", "west"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
ltr <- sample(0:10, n, replace = TRUE,
              prob = c(2, 1, 2, 3, 3, 5, 7, 12, 16, 20, 29))
w <- round(rlnorm(n, 0, 0.6), 4)
write.csv(data.frame(ltr = ltr, w = w, group = group), "tests/reference/weighted_nps.csv",
          row.names = FALSE)
d <- read.csv("tests/reference/weighted_nps.csv")
d$score <- ifelse(d$ltr >= 9, 100, ifelse(d$ltr <= 6, -100, 0))
des <- svydesign(ids = ~1, weights = ~w, data = d)
m <- svymean(~score, des)
by <- svyby(~score, ~group, des, svymean)
out <- list(
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  overall = list(nps = unname(coef(m)), se = as.numeric(SE(m))),
  by_group = lapply(setNames(seq_len(nrow(by)), by$group),
                    function(i) list(nps = by$score[i], se = by$se[i]))
)
write(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
      "tests/reference/weighted_nps.json")
