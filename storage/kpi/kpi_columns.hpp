#pragma once
// The columns of a KPI definition as the kpis INSERT and UPDATE statements bind them (storage
// internal: included by the KPI store and the region writer).

#include <soci/soci.h>

#include <string>

#include "core/kpi/kpi.hpp"

namespace kyosei::storage {

struct KpiDefinitionColumns {
  explicit KpiDefinitionColumns(const core::KpiDefinition& d)
      : def(d),
        direction(core::code(d.direction)),
        baseline_value(d.baseline.value.text()),
        target_value(d.target.value.text()),
        cumulative(d.cumulative ? 1 : 0),
        summed(d.summed ? 1 : 0),
        places(d.decimal_places.value_or(0)),
        places_ind(d.decimal_places ? soci::i_ok : soci::i_null) {}

  // Binds, in this order: category_id, name, unit, direction, baseline_fy, baseline_value,
  // target_fy, target_value, cumulative, summed, decimal_places, data_source. The statement
  // must not outlive this object nor `category_id`.
  void bind(soci::statement& st, const long long& category_id) {
    st.exchange(soci::use(category_id));
    st.exchange(soci::use(def.name));
    st.exchange(soci::use(def.unit));
    st.exchange(soci::use(direction));
    st.exchange(soci::use(def.baseline.fiscal_year));
    st.exchange(soci::use(baseline_value));
    st.exchange(soci::use(def.target.fiscal_year));
    st.exchange(soci::use(target_value));
    st.exchange(soci::use(cumulative));
    st.exchange(soci::use(summed));
    st.exchange(soci::use(places, places_ind));
    st.exchange(soci::use(def.data_source));
  }

  const core::KpiDefinition& def;
  std::string direction;
  std::string baseline_value;
  std::string target_value;
  int cumulative;
  int summed;
  int places;
  soci::indicator places_ind;
};

}  // namespace kyosei::storage
