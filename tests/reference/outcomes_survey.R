# Reference values for tests/test_outcomes.py, computed with R's survey package.
# Run from this folder: Rscript outcomes_survey.R   (writes outcomes_survey.json)
# Data: outcomes_data.csv (simulated, seed 12, written once by the test author).
suppressMessages(library(survey))
d <- read.csv("outcomes_data.csv")
d$top <- as.numeric(d$stars %in% c(4, 5))
out <- list(survey_version = as.character(packageVersion("survey")))
one <- function(des) {
  kg <- svyciprop(~recommend_flag, des, method = "beta")
  tb <- svyciprop(~top, des, method = "beta")
  m <- svymean(~stars, des)
  ci <- confint(m, df = degf(des))
  list(n = nrow(des$variables),
       binary = c(coef(kg), attr(kg, "ci")),
       top_box = c(coef(tb), attr(tb, "ci")),
       mean = c(coef(m), SE(m), ci[1], ci[2]))
}
des <- svydesign(ids = ~1, weights = ~w, data = d)
out$weighted <- one(des)
for (r in c("north", "south")) out[[paste0("weighted_", r)]] <- one(subset(des, region == r))
# unweighted design (all weights 1): the t-interval of the mean
des1 <- svydesign(ids = ~1, weights = ~1, data = transform(d, one = 1), probs = NULL)
out$unweighted <- one(svydesign(ids = ~1, data = d))
writeLines(jsonlite_free <- paste0("{", paste(sprintf('"%s": %s', names(out), sapply(out, function(x) {
  if (is.character(x)) return(sprintf('"%s"', x))
  paste0("{", paste(sprintf('"%s": [%s]', names(x), sapply(x, function(v) paste(sprintf("%.12g", unname(v)), collapse = ", "))), collapse = ", "), "}")
})), collapse = ",\n "), "}"), "outcomes_survey.json")
