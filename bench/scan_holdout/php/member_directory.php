<?php
/**
 * Plugin Name: Member Directory
 * Description: Searchable list of club members with per-member profile pages.
 */

if (!defined('ABSPATH')) {
    exit;
}

add_shortcode('member_directory', 'md_render_directory');

function md_render_directory($atts)
{
    global $wpdb;
    $table = $wpdb->prefix . 'club_members';
    $search = isset($_GET['member_search']) ? wp_unslash($_GET['member_search']) : '';
    $members = $wpdb->get_results("SELECT id, display_name, city FROM {$table} WHERE display_name LIKE '%{$search}%' ORDER BY display_name");

    ob_start();
    echo '<form method="get"><input name="member_search" value="' . esc_attr($search) . '"></form>';
    echo '<p class="summary">Showing results for: ' . $search . '</p>';
    echo '<ul>';
    foreach ($members as $m) {
        echo '<li>' . esc_html($m->display_name) . ' (' . esc_html($m->city) . ')</li>';
    }
    echo '</ul>';
    return ob_get_clean();
}

add_action('init', 'md_profile_view');

function md_profile_view()
{
    if (empty($_GET['md_view'])) {
        return;
    }
    $prefs = isset($_COOKIE['md_prefs']) ? unserialize(base64_decode($_COOKIE['md_prefs'])) : [];
    $layout = $_GET['md_view'];
    include plugin_dir_path(__FILE__) . 'views/' . $layout . '.php';
    exit;
}
