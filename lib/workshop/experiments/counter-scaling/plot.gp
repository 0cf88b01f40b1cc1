# counter-scaling: increments per second vs threads, one line per fix, the no-sharing limit
# dashed in black, the core count as a vertical line. Loaded after plot/style.gp.
file = data_dir.'/counter-scaling.tsv'

# The variant keys the program writes (column 1), in the legend's order, with what the legend says.
array keys[9] = ['limit', 'padded-shards', 'atomic-shards', 'enumerable-thread-specific', \
                 'combinable', 'atomic-fetch-add', 'absl-mutex', 'std-mutex', 'unpadded-shards']
array titles[9] = ['limit: a private counter each', 'padded shards (03)', 'atomic shards (03)', \
                   'enumerable\_thread\_specific (03)', 'tbb::combinable (03)', \
                   'one atomic, fetch\_add (02)', 'absl::Mutex (01)', 'std::mutex (01)', \
                   'unpadded shards: false sharing']
# Sharded fixes in blues and greens, one shared variable in warm colours, the limit black dashed.
array styles[9] = [10, 1, 6, 3, 9, 4, 5, 2, 8]
set linetype 9 lc rgb '#005A3C' lw 4 pt 13 ps 1.8
set linetype 10 lc rgb '#000000' lw 5 pt 4 ps 1.6 dt 2

set title "What does each fix cost? One counter, all threads counting" font ',28'
set xlabel 'threads'
set ylabel 'million increments per second (log scale)'
set logscale y
set autoscale yfix  # the data's own range, not the next whole decade
set format y '%g'
set ytics (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
set autoscale xfix
set offsets 0.3, 0.3, graph 0.06, graph 0.04
set xtics 1
set key outside right top Left reverse width -2 font ',20'

set arrow 1 from cores, graph 0 to cores, graph 1 nohead lw 3 dt 3 lc rgb '#555555' back
set label 1 sprintf('%d cores', cores) at cores, graph 0.03 offset 0.6, 0 left textcolor rgb '#555555'

# The headline: the best sharded solution's ratio to the limit at as many threads as cores (the
# program's closing sentence), and a warning when other programs had the cores.
stats file using ((column(10) == 1 && column(2) == cores) ? column(6) : NaN) nooutput
best_ratio = STATS_max
stats file using ((strcol(1) eq 'limit' && column(2) == cores) ? column(9) : NaN) nooutput
limit_busy = STATS_max
# Both under the legend, in the right margin, where no line can run under them.
set label 2 sprintf("best sharded fix at %d threads:\n%.0f %% of the limit", cores, \
                    100 * best_ratio) at screen 0.64, screen 0.45 left front font ',22'
if (limit_busy < 0.9 * cores) {
  set label 3 sprintf("machine busy: the limit's %d threads\nkept only %.1f cores busy, so\nthe rates are too low", \
                      cores, limit_busy) at screen 0.64, screen 0.30 left front font ',20' \
      textcolor rgb '#D55E00'
}

plot for [i = 1:9] file using 2:(strcol(1) eq keys[i] ? $3 / 1e6 : NaN):($4 / 1e6):($5 / 1e6) \
     with yerrorlines linetype styles[i] title titles[i]
