DROP TABLE visit_bookings;
DROP TABLE income_figures;
